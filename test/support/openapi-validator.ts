import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Schema = Record<string, unknown>;
interface MediaType {
  schema?: Schema;
}
interface DeclaredResponse {
  content?: Record<string, MediaType>;
}
interface OpenApiDocument {
  components: { schemas: Record<string, Schema> };
  paths?: Record<string, Record<string, { responses?: Record<string, DeclaredResponse> }>>;
}

/** An answer as a client received it: `text` undefined when its body is not read (an event stream). */
export interface Answer {
  status: number;
  contentType: string | null;
  text: string | undefined;
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  literalSegments: number;
  responses: Record<string, DeclaredResponse>;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;
const PROBLEM_TYPE = 'application/problem+json';

/**
 * The served OpenAPI document's schemas as JSON Schema validators, made strict so that a document and
 * its declared schema cannot drift apart unnoticed: no undeclared property is allowed, and `nullable`
 * (as @nestjs/swagger writes it for OpenAPI 3.0) becomes `null` in the type. It checks component schemas
 * by name, examples, and whole answers against what the document declares for their operation.
 */
export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly routes: Route[];

  constructor(document: OpenApiDocument) {
    addFormats.default(this.ajv);
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      this.ajv.addSchema(strict(schema) as Schema, `#/components/schemas/${name}`);
    }
    this.routes = Object.entries(document.paths ?? {})
      .flatMap(([template, methods]) =>
        Object.entries(methods).map(([method, operation]) => routeOf(method, template, operation.responses ?? {})),
      )
      // /users/me before /users/{id}: the route with more literal segments wins.
      .sort((a, b) => b.literalSegments - a.literalSegments);
  }

  /** The problems of `value` against the component schema `name` (empty when it conforms). */
  problems(name: string, value: unknown): string[] {
    return this.problemsOf({ $ref: `#/components/schemas/${name}` }, value);
  }

  /** The problems of `value` against a schema of the document: a `$ref` to a component, or inline. */
  problemsOf(schema: Schema, value: unknown): string[] {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (!validate) {
      const ref = typeof schema.$ref === 'string' && Object.keys(schema).length === 1 ? schema.$ref : undefined;
      validate = ref ? this.ajv.getSchema(ref) : this.ajv.compile(strict(schema) as Schema);
      if (!validate) throw new Error(`the OpenAPI document has no schema ${String(ref)}`);
      this.compiled.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
    );
  }

  /**
   * Why an answer to `method url` does not conform to what the document declares for that operation:
   * an undeclared status, a content type it does not list, a body its schema refuses. An answer to a
   * request the document has no operation for (an unknown path, /docs) is checked only for being problem
   * details when it is an error.
   */
  answerProblems(method: string, url: string, answer: Answer): string[] {
    const path = url.split('?')[0]!.replace(/(.)\/$/, '$1');
    const route = this.routes.find((r) => r.method === method.toLowerCase() && r.pattern.test(path));
    if (!route) {
      if (answer.status < 400) return [];
      return this.bodyProblems({ [PROBLEM_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } }, answer);
    }
    const declared = route.responses[String(answer.status)];
    if (!declared) {
      const statuses = Object.keys(route.responses).join(', ');
      return [
        `status ${answer.status} is not declared by ${route.method.toUpperCase()} ${route.template} (${statuses})`,
      ];
    }
    return this.bodyProblems(declared.content, answer);
  }

  private bodyProblems(content: Record<string, MediaType> | undefined, answer: Answer): string[] {
    const mediaType = answer.contentType?.split(';')[0]!.trim().toLowerCase() ?? '';
    if (!content) return answer.text ? [`a body where none is declared: ${answer.text.slice(0, 200)}`] : [];
    const media = content[mediaType];
    if (!media) return [`content type ${mediaType || '(none)'} is not one of ${Object.keys(content).join(', ')}`];
    if (answer.text === undefined || !media.schema) return [];
    let body: unknown = answer.text;
    if (JSON_TYPE.test(mediaType)) {
      try {
        body = JSON.parse(answer.text);
      } catch {
        return [`a ${mediaType} body that is not JSON: ${answer.text.slice(0, 200)}`];
      }
    }
    return this.problemsOf(media.schema, body).map((problem) => `body ${problem}`);
  }
}

function routeOf(method: string, template: string, responses: Record<string, DeclaredResponse>): Route {
  const segments = template.split('/').filter(Boolean);
  const pattern = segments.map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return {
    method,
    template,
    pattern: new RegExp(`^/${pattern.join('/')}$`),
    literalSegments: segments.filter((s) => !s.startsWith('{')).length,
    responses,
  };
}

function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== 'object' || schema === null) return schema;
  const source = schema as Schema;
  const result: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'example' || key === 'examples') continue;
    result[key] = key === '$ref' ? value : strict(value);
  }
  if (result.properties && typeof result.properties === 'object') {
    result.additionalProperties ??= false;
  }
  if (source.nullable === true) {
    if (typeof result.type === 'string') {
      result.type = [result.type, 'null'];
      if (Array.isArray(result.enum)) result.enum = [...(result.enum as unknown[]), null];
    } else {
      const { description: _description, ...rest } = result;
      return { anyOf: [rest, { type: 'null' }] };
    }
  }
  return result;
}
