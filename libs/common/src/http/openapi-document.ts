import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { ROLES } from '../access/role.js';
import { PROBLEM_CONTENT_TYPE } from '../problems/problem-details.js';
import { type ProblemDoc, problemResponse } from './api-problems.js';

/** What the document says of an operation, from which the problems it can answer follow. */
interface OperationFacts {
  method: string;
  path: string;
  isPublic: boolean;
  /** The roles allowed (x-roles), undefined on public routes. */
  roles: readonly string[] | undefined;
  pathParameters: string[];
  queryParameters: string[];
  hasBody: boolean;
  honoursIfMatch: boolean;
  /** A write with Idempotency-Key handling: a non-public POST, PUT, PATCH or DELETE. */
  idempotent: boolean;
}

/** Limits of the request path that the standard problems name. */
interface RequestLimits {
  bodyLimitBytes: number;
  maxParamLength: number;
}

interface StandardProblem {
  status: number;
  applies: (op: OperationFacts) => boolean;
  doc: (op: OperationFacts, limits: RequestLimits) => ProblemDoc;
  /**
   * When the route documents the status itself: `merge` lists both causes (they differ: a role refused,
   * a route's own conflict), `replace` keeps the route's (it names the same cause better).
   */
  whenDocumented: 'merge' | 'replace';
}

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', example: 12 } },
};
const WWW_AUTHENTICATE = {
  'WWW-Authenticate': { description: 'Always `Bearer realm="landbridge"`', schema: { type: 'string' } },
};

/**
 * The problems that follow from what an operation is, whatever it does: the request path answers them
 * for every route alike (malformed URL or JSON, credentials, roles, rate limit, body limit, validation,
 * Idempotency-Key, If-Match). One table, so that a new route documents them without declaring any; a
 * route adds its own (`@ApiProblems`). test/openapi.e2e-spec.ts holds the same rules as a check.
 */
const STANDARD_PROBLEMS: readonly StandardProblem[] = [
  {
    status: 400,
    applies: () => true,
    whenDocumented: 'merge',
    doc: (op) =>
      op.hasBody
        ? {
            description:
              'The body is not valid JSON, not a JSON object, or nested deeper than 32 levels; or the URL is malformed',
            slug: 'malformed-json',
            detail: 'The request body is not valid JSON',
          }
        : {
            description: 'The URL is malformed (a bad percent-encoding)',
            slug: 'bad-request',
            detail: 'The URL is malformed',
          },
  },
  {
    status: 401,
    applies: (op) => !op.isPublic,
    whenDocumented: 'merge',
    doc: () => ({
      description:
        'No credentials, or an access token or API key that is invalid, expired or revoked: send `Authorization: Bearer <access token or API key>`',
      detail: 'Missing, invalid or expired credentials',
    }),
  },
  {
    status: 403,
    applies: (op) => op.roles !== undefined && ROLES.some((role) => !op.roles!.includes(role)),
    whenDocumented: 'merge',
    doc: (op) => ({
      description: `Only for ${op.roles!.join(', ')}: a caller of another role is refused`,
      detail: `This needs the role ${op.roles!.join(' or ')}; you are ${ROLES.find((role) => !op.roles!.includes(role))!}`,
    }),
  },
  {
    status: 404,
    applies: (op) => op.pathParameters.length > 0,
    whenDocumented: 'replace',
    doc: (op) => {
      const names = op.pathParameters.join(' or ');
      return {
        description: op.roles?.includes('exporter')
          ? `Nothing has this ${names}, or (for an exporter) it belongs to another organization: the two are never told apart`
          : `Nothing has this ${names}`,
        detail: `Nothing has this ${names}`,
      };
    },
  },
  {
    status: 409,
    applies: (op) => op.idempotent,
    whenDocumented: 'merge',
    doc: () => ({
      description: 'A request with the same Idempotency-Key is still being processed: retry shortly',
      detail: 'A request with this Idempotency-Key is still being processed; retry shortly',
    }),
  },
  {
    status: 412,
    applies: (op) => op.honoursIfMatch,
    whenDocumented: 'replace',
    doc: () => ({
      description: 'If-Match names another version than the current one: read it again (its ETag) and retry',
      detail: 'The resource is at version 3, not 2; reload it and try again',
    }),
  },
  {
    status: 413,
    applies: (op) => op.hasBody,
    whenDocumented: 'replace',
    doc: (_op, limits) => ({
      description: `The body is larger than ${limits.bodyLimitBytes / 1024 / 1024} MiB`,
      slug: 'payload-too-large',
      detail: 'The request body is larger than the limit',
    }),
  },
  {
    status: 414,
    applies: (op) => op.pathParameters.length > 0,
    whenDocumented: 'replace',
    doc: (_op, limits) => ({
      description: `A path parameter is longer than ${limits.maxParamLength} characters`,
      detail: 'A path parameter is longer than the service accepts',
    }),
  },
  {
    status: 415,
    applies: (op) => op.hasBody,
    whenDocumented: 'replace',
    doc: () => ({
      description: 'The body is not sent as `Content-Type: application/json`',
      detail: 'Send the request body as application/json',
    }),
  },
  {
    status: 422,
    applies: () => true,
    whenDocumented: 'merge',
    doc: (op) => invalidInput(op),
  },
  {
    status: 429,
    applies: () => true,
    whenDocumented: 'replace',
    doc: () => ({
      description:
        'More requests in a minute than RATE_LIMIT_PER_MINUTE (per API key, or per user of an access token; per address when anonymous): wait Retry-After seconds',
      slug: 'rate-limited',
      detail: 'More than 3000 requests in a minute; retry in 12 s',
    }),
  },
  {
    status: 503,
    applies: () => true,
    whenDocumented: 'merge',
    doc: () => ({
      description: 'The database is busy (no pooled connection came free in time): retry after Retry-After seconds',
      slug: 'service-unavailable',
      detail: 'The database is busy; retry shortly',
    }),
  },
];

/** What makes input invalid on this operation, and an example of the commonest. */
function invalidInput(op: OperationFacts): ProblemDoc {
  const causes = [
    ...(op.hasBody ? ['a value of the body (unknown properties and NUL characters included)'] : []),
    ...(op.queryParameters.length ? ['a query parameter'] : []),
    ...(op.idempotent ? ['an Idempotency-Key that is malformed or was sent before with another request'] : []),
    'a NUL character or a reserved name (`__proto__`) in the URL',
  ];
  const description = `Invalid input, each field at fault named in errors[]: ${causes.join('; ')}`;
  if (op.hasBody) {
    return {
      description,
      detail: 'Invalid value for colour',
      errors: [{ field: 'colour', message: 'is not a known property' }],
    };
  }
  if (op.queryParameters.includes('limit')) {
    return {
      description,
      detail: 'Invalid value for limit',
      errors: [{ field: 'limit', message: 'must not be greater than 200' }],
    };
  }
  return {
    description,
    detail: 'The URL contains a NUL character',
    errors: [{ field: 'url', message: 'must not contain %00' }],
  };
}

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the same key (a UUID, say) with the same request within 24 h replays the first answer (`Idempotent-Replayed: true`) instead of doing it again. Keys belong to the caller (its API key, or its user)',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
  example: '7d3c9b1e-4f2a-4c8d-9e6b-5a1f0c2d3e4b',
};

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const JSON_CONTENT = /^application\/(?:[\w.+-]+\+)?json$/;

/**
 * Completes the document Nest builds from the decorators with what every operation shares: the
 * standard problems (`STANDARD_PROBLEMS`) as application/problem+json with an example, the
 * Idempotency-Key header of writes, Retry-After and WWW-Authenticate headers, and an example for every
 * JSON body and answer that has none, composed from the examples of its schema's properties.
 */
export function completeOpenApiDocument(document: OpenAPIObject, limits: RequestLimits): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!WRITE_METHODS.has(method) && method !== 'get') continue;
      const operation = value as OperationObject & Record<string, unknown>;
      const facts = factsOf(method, path, operation);
      if (facts.idempotent) operation.parameters = [...(operation.parameters ?? []), IDEMPOTENCY_KEY];
      addStandardProblems(operation, facts, limits);
      addExamples(operation, schemas);
    }
  }
  return document;
}

/** The facts of an operation as the document states them. */
function factsOf(method: string, path: string, operation: OperationObject & Record<string, unknown>): OperationFacts {
  const parameters = (operation.parameters ?? []).filter((p): p is ParameterObject => 'in' in p);
  const named = (place: string) => parameters.filter((p) => p.in === place).map((p) => p.name);
  const isPublic = operation['x-public'] === true;
  return {
    method: method.toUpperCase(),
    path,
    isPublic,
    roles: isPublic ? undefined : ((operation['x-roles'] as string[] | undefined) ?? []),
    pathParameters: named('path'),
    queryParameters: named('query'),
    hasBody: operation.requestBody !== undefined,
    honoursIfMatch: named('header').some((name) => name.toLowerCase() === 'if-match'),
    idempotent: WRITE_METHODS.has(method) && !isPublic,
  };
}

function addStandardProblems(operation: OperationObject, facts: OperationFacts, limits: RequestLimits): void {
  const responses = operation.responses as Record<string, ResponseObject>;
  for (const standard of STANDARD_PROBLEMS) {
    if (!standard.applies(facts)) continue;
    const doc = standard.doc(facts, limits);
    const declared = responses[standard.status];
    if (!declared) {
      responses[standard.status] = problemResponse(standard.status, doc);
    } else if (standard.whenDocumented === 'merge' && declared.description !== doc.description) {
      declared.description = `- ${declared.description}\n- ${doc.description}`;
    }
  }
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) < 400) continue;
    // A route may document a problem the Nest way (@ApiNotFoundResponse): it is problem details all the same.
    response.content ??= problemResponse(Number(status), { description: response.description }).content;
    if (status === '401') response.headers ??= WWW_AUTHENTICATE;
    if ((status === '429' || status === '503') && response.content?.[PROBLEM_CONTENT_TYPE]) {
      response.headers ??= RETRY_AFTER;
    }
  }
}

function addExamples(operation: OperationObject, schemas: Record<string, SchemaObject>): void {
  const contents = [
    ...('content' in (operation.requestBody ?? {}) ? [(operation.requestBody as { content: object }).content] : []),
    ...Object.entries(operation.responses as Record<string, ResponseObject>)
      .filter(([status]) => Number(status) < 300)
      .map(([, response]) => response.content ?? {}),
  ];
  for (const content of contents) {
    for (const [type, media] of Object.entries(
      content as Record<string, { schema?: SchemaObject; example?: unknown }>,
    )) {
      if (media.example !== undefined || !media.schema) continue;
      // A text body (a CSV upload) takes the example its schema gives.
      if (!JSON_CONTENT.test(type)) {
        if (media.schema.example !== undefined) media.example = media.schema.example;
        continue;
      }
      const example = exampleOf(media.schema, schemas);
      if (example !== undefined) media.example = example;
    }
  }
}

/**
 * An example of a schema, from the examples of its properties (their enums' first value, or null for a
 * nullable one without an example). Undefined where nothing gives one: the document test then finds the
 * required property missing from the example.
 */
function exampleOf(
  schema: SchemaObject | ReferenceObject,
  schemas: Record<string, SchemaObject>,
  seen: readonly string[] = [],
): unknown {
  if ('$ref' in schema) {
    const name = schema.$ref.split('/').pop()!;
    const target = schemas[name];
    return target && !seen.includes(name) ? exampleOf(target, schemas, [...seen, name]) : undefined;
  }
  if (schema.example !== undefined) return schema.example;
  const variants = schema.allOf ?? schema.anyOf ?? schema.oneOf;
  if (variants) {
    const examples = variants
      .filter((variant) => !('type' in variant && variant.type === 'null'))
      .map((variant) => exampleOf(variant, schemas, seen));
    return schema.allOf ? Object.assign({}, ...examples) : examples.find((example) => example !== undefined);
  }
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.properties) {
    const entries = Object.entries(schema.properties).map(([name, property]) => [
      name,
      exampleOf(property, schemas, seen),
    ]);
    return Object.fromEntries(entries.filter(([, example]) => example !== undefined));
  }
  if (schema.type === 'array' && schema.items) {
    const item = exampleOf(schema.items, schemas, seen);
    return item === undefined ? [] : [item];
  }
  if (Array.isArray(schema.type) && schema.type.includes('null')) return null;
  return undefined;
}
