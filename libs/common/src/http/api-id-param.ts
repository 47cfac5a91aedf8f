import { applyDecorators } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { ApiProblems } from './api-problems.js';

/**
 * Documents the path parameter `id`, the UUID of a `what` (`train`, `API key`), with an example, and the
 * 404 its route answers when nothing has that id; `notFound` says when, for routes that scope what they
 * find (an exporter's 404 for another organization's). The example problem reads as NotFoundError's.
 */
export function ApiIdParam(what: string, example: string, notFound = `No ${what} has this id`): MethodDecorator {
  const capitalized = what.charAt(0).toUpperCase() + what.slice(1);
  return applyDecorators(
    ApiParam({ name: 'id', format: 'uuid', example, description: `The id of the ${what}` }),
    ApiProblems({ 404: { description: notFound, detail: `${capitalized} ${example} was not found` } }),
  );
}
