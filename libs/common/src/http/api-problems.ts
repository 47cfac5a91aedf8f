import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, type ResponseObject } from '@nestjs/swagger';
import { problemOfStatus } from '../problems/domain-error.js';
import {
  PROBLEM_CONTENT_TYPE,
  type FieldError,
  type ProblemDetails,
  problemType,
} from '../problems/problem-details.js';
import { FieldErrorDto, ProblemDto } from '../problems/problem.dto.js';

/** The statuses the service answers with problem details. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 406 | 409 | 410 | 412 | 413 | 414 | 415 | 422 | 429 | 503;

/** One documented problem: when it happens, and (optionally) the answer's particulars for its example. */
export interface ProblemDoc {
  /** When and why a client gets this status here. */
  description: string;
  /** The problem type's slug (`vin-already-booked`), when not the status's generic one. */
  slug?: string;
  /** The example's detail; the description when absent. */
  detail?: string;
  errors?: FieldError[];
  /** Extension members the problem carries (`trainId`, `createdId`). */
  extensions?: Record<string, unknown>;
}

const PROBLEM_SCHEMA_REF = '#/components/schemas/Problem';

/** A realistic problem for the example of a documented status. */
function problemExample(status: number, doc: ProblemDoc): ProblemDetails {
  const generic = problemOfStatus(status) ?? { slug: `http-${status}`, title: `HTTP ${status}` };
  return {
    type: problemType(doc.slug ?? generic.slug),
    title: generic.title,
    status,
    detail: doc.detail ?? doc.description,
    ...(doc.errors ? { errors: doc.errors } : {}),
    ...doc.extensions,
  };
}

/** The OpenAPI response of a problem: application/problem+json with the Problem schema and an example. */
export function problemResponse(status: number, doc: ProblemDoc): ResponseObject {
  return {
    description: doc.description,
    content: {
      [PROBLEM_CONTENT_TYPE]: { schema: { $ref: PROBLEM_SCHEMA_REF }, example: problemExample(status, doc) },
    },
  };
}

/**
 * Documents the problems a route answers beyond the standard ones (which the document derives for every
 * route: see openapi-document.ts), each with its cause and a realistic example:
 *
 *     @ApiProblems({
 *       404: "No such consignment, or another organization's",
 *       409: { description: 'A VIN is booked already', slug: 'vin-already-booked', errors: [...] },
 *     })
 */
export function ApiProblems(
  problems: Partial<Record<ProblemStatus, string | ProblemDoc>>,
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto, FieldErrorDto),
    ...Object.entries(problems).map(([status, doc]) =>
      ApiResponse({
        status: Number(status),
        ...problemResponse(Number(status), typeof doc === 'string' ? { description: doc } : doc),
      }),
    ),
  );
}
