import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInputError, MalformedRequestError } from '../problems/domain-error.js';
import { PROBLEM_CONTENT_TYPE, problemType } from '../problems/problem-details.js';

/**
 * Property names of Object.prototype (`__proto__`, `constructor`, `toString`, `valueOf` …): class-transformer
 * skips them, so the validation pipe would never see them as unknown and the request would succeed with the
 * property silently dropped. No request of the contract uses such a name.
 */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Deeper JSON than any request of the contract needs; deeper input would only exhaust the stack. */
const MAX_JSON_DEPTH = 32;

class MalformedJsonError extends MalformedRequestError {}

/**
 * JSON bodies parsed with JSON.parse (so `__proto__` is just a property name, never the prototype), with
 * property names of Object.prototype refused as unknown (422), at most MAX_JSON_DEPTH deep, and without NUL characters, which PostgreSQL cannot store
 * in text. Only JSON is accepted (415 otherwise); a NUL in the URL is refused before routing.
 */
export function hardenBodyParsing(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return done(new MalformedJsonError('The request body is not valid JSON'), undefined);
    }
    // Every request body of the contract is an object: `null`, a number or an array would reach the
    // validation pipe as no body at all.
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return done(new MalformedJsonError('The request body must be a JSON object', 'wrong-type'), undefined);
    }
    const problem = inspect(parsed);
    if (problem) return done(problem, undefined);
    done(null, parsed);
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (/%00/.test(request.url)) {
      done(
        new InvalidInputError('The URL contains a NUL character', [{ field: 'url', message: 'must not contain %00' }]),
      );
      return;
    }
    const query = request.query as Record<string, unknown>;
    for (const key in query) {
      if (PROTOTYPE_NAMES.has(key)) {
        done(new InvalidInputError(`Invalid value for ${key}`, [{ field: key, message: 'is not a known property' }]));
        return;
      }
    }
    done();
  });
}

/** Answers router errors (a malformed URL, an over-long path parameter) as problem details too. */
export function frameworkErrorsAsProblems(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
  void reply
    .status(status)
    .header('Content-Type', PROBLEM_CONTENT_TYPE)
    .send({
      type: problemType(status === 414 ? 'uri-too-long' : 'bad-request'),
      title: status === 414 ? 'URI Too Long' : 'Bad Request',
      status,
      detail: status === 414 ? 'A path parameter is longer than the service accepts' : 'The URL is malformed',
    });
}

/** Walks the parsed body without recursion: too deep → 400, a NUL in a string → 422 naming the field. */
function inspect(root: unknown): Error | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) {
        return new InvalidInputError('A text value contains a NUL character', [
          { field: path || 'body', message: 'must not contain NUL characters' },
        ]);
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH)
      return new MalformedJsonError(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
    } else {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) return new InvalidInputError('A property name contains a NUL character', []);
        if (PROTOTYPE_NAMES.has(key)) {
          const field = path ? `${path}.${key}` : key;
          return new InvalidInputError(`Invalid value for ${field}`, [{ field, message: 'is not a known property' }]);
        }
        stack.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
      }
    }
  }
  return undefined;
}
