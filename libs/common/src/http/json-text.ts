import type { FastifyReply } from 'fastify';

/**
 * Answers with a body that is JSON text already (a document built by PostgreSQL): with a JSON content
 * type Fastify sends a string as it is, without serialising it again. Return the result from the handler.
 */
export function jsonText(reply: FastifyReply, text: string): string {
  void reply.type('application/json; charset=utf-8');
  return text;
}
