import SwaggerParser from '@apidevtools/swagger-parser';
import { isValidVin, ROLES } from '@landbridge/common';
import { ApiClient, type RequestFn } from './support/api-client.js';
import { OpenApiValidator } from './support/openapi-validator.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Media {
  schema?: Record<string, unknown>;
  example?: unknown;
}
interface Operation {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description?: string; content?: Record<string, Media> }>;
  'x-public'?: boolean;
  'x-roles'?: string[];
}
interface Document {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

/** An operation of the document with the facts the rules below read. */
interface Entry {
  name: string;
  operation: Operation;
  isPublic: boolean;
  roles: string[];
  parameters: (place: string) => string[];
  hasBody: boolean;
  write: boolean;
}

/**
 * The error statuses an operation must document, by what it is: the request path answers them for every
 * route alike, so a route that does not list one lies to its clients. Each rule says when it applies.
 */
const ERROR_RULES: { status: number; when: string; applies: (op: Entry) => boolean }[] = [
  { status: 400, when: 'always: a malformed URL, or a body that is not JSON', applies: () => true },
  { status: 401, when: 'not public: credentials missing or bad', applies: (op) => !op.isPublic },
  {
    status: 403,
    when: 'not open to every role',
    applies: (op) => !op.isPublic && ROLES.some((role) => !op.roles.includes(role)),
  },
  {
    status: 404,
    when: 'a path parameter: nothing (of yours) there',
    applies: (op) => op.parameters('path').length > 0,
  },
  { status: 409, when: 'a write with credentials: its Idempotency-Key still in flight', applies: (op) => op.write },
  { status: 412, when: 'an If-Match header', applies: (op) => op.parameters('header').includes('If-Match') },
  { status: 413, when: 'a request body: over the size limit', applies: (op) => op.hasBody },
  { status: 414, when: 'a path parameter: too long', applies: (op) => op.parameters('path').length > 0 },
  { status: 415, when: 'a request body: not JSON', applies: (op) => op.hasBody },
  { status: 422, when: 'always: invalid body or query values, a NUL in the URL', applies: () => true },
  { status: 429, when: 'always: the rate limit', applies: () => true },
];

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

function entriesOf(document: Document): Entry[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const isPublic = operation['x-public'] === true;
      return {
        name: `${method.toUpperCase()} ${path}`,
        operation,
        isPublic,
        roles: operation['x-roles'] ?? [],
        parameters: (place: string) => (operation.parameters ?? []).filter((p) => p.in === place).map((p) => p.name),
        hasBody: operation.requestBody !== undefined,
        write: !isPublic && ['post', 'put', 'patch', 'delete'].includes(method),
      };
    }),
  );
}

/** Every media type of an operation that carries a body: its request's and its answers'. */
function mediaOf(operation: Operation): { where: string; type: string; media: Media }[] {
  const bodies = [
    ...Object.entries(operation.requestBody?.content ?? {}).map(([type, media]) => ({ where: 'request', type, media })),
    ...Object.entries(operation.responses).flatMap(([status, response]) =>
      Object.entries(response.content ?? {}).map(([type, media]) => ({ where: status, type, media })),
    ),
  ];
  return bodies;
}

/** Every value at a key named `vin` or `vins` in an example, however deep. */
function vinsIn(value: unknown, key = ''): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => vinsIn(item, key));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([name, item]) => vinsIn(item, name));
  }
  return key === 'vin' || key === 'vins' ? [value] : [];
}

describe('the OpenAPI document', () => {
  let api: TestApp;
  let document: Document;
  let entries: Entry[];
  let schemas: OpenApiValidator;

  beforeAll(async () => {
    api = await startTestApp();
    document = (await api.as().openApi()) as unknown as Document;
    entries = entriesOf(document);
    schemas = new OpenApiValidator(document);
  });
  afterAll(() => api.close());

  it('is public, valid OpenAPI 3.1, names its server and lists the endpoints of the contract', async () => {
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    expect(document.servers?.map((server) => server.url)).toEqual(['/']);
    expect(entries.map((entry) => entry.name)).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /metrics',
        'POST /api/v1/auth/token',
        'POST /api/v1/organizations',
        'POST /api/v1/users',
        'POST /api/v1/api-keys',
        'DELETE /api/v1/api-keys/{id}',
        'GET /api/v1/stations',
        'GET /api/v1/stations/{code}',
        'POST /api/v1/stations',
        'PUT /api/v1/stations/{code}',
        'GET /api/v1/routes',
        'GET /api/v1/routes/{code}',
        'POST /api/v1/routes',
        'POST /api/v1/consignments',
      ]),
    );
  });

  it('gives every operation a summary and a description', () => {
    expect(entries.length).toBeGreaterThan(30);
    const missing = entries.flatMap(({ name, operation: { summary, description } }) => [
      ...(summary?.trim() ? [] : [`${name}: no summary`]),
      ...((summary?.length ?? 0) > 80 ? [`${name}: a summary over 80 characters (say more in the description)`] : []),
      ...((description?.trim().length ?? 0) >= 40 ? [] : [`${name}: no description (of at least 40 characters)`]),
    ]);
    expect(missing).toEqual([]);
  });

  it('documents each error status an operation can answer, as problem details with an example', () => {
    const missing = entries.flatMap((entry) =>
      ERROR_RULES.filter((rule) => rule.applies(entry) && !entry.operation.responses[rule.status]).map(
        (rule) => `${entry.name}: no ${rule.status} (${rule.when})`,
      ),
    );
    expect(missing).toEqual([]);

    const undescribed = entries.flatMap(({ name, operation }) =>
      Object.entries(operation.responses).flatMap(([status, response]) => {
        const problems: string[] = [];
        if (!response.description?.trim()) problems.push(`${name} ${status}: no description`);
        if (Number(status) >= 400 && Number(status) < 500) {
          const problem = response.content?.['application/problem+json'];
          if (problem?.schema?.$ref !== '#/components/schemas/Problem') {
            problems.push(`${name} ${status}: not application/problem+json with the Problem schema`);
          }
        }
        if (Number(status) >= 400 && !Object.values(response.content ?? {}).some((m) => m.example !== undefined)) {
          problems.push(`${name} ${status}: no example`);
        }
        return problems;
      }),
    );
    expect(undescribed).toEqual([]);
  });

  it('documents the Idempotency-Key header of every write that takes credentials', () => {
    const missing = entries
      .filter((entry) => entry.write && !entry.parameters('header').includes('Idempotency-Key'))
      .map((entry) => entry.name);
    expect(missing).toEqual([]);
  });

  it('gives realistic request and response examples that validate against their schemas', () => {
    const problems = entries.flatMap(({ name, operation }) => {
      const media = mediaOf(operation);
      const success = Object.keys(operation.responses).filter((status) => Number(status) < 300 && status !== '204');
      const lacking = [
        ...(operation.requestBody && !media.some((m) => m.where === 'request' && m.media.example !== undefined)
          ? [`${name}: no request example`]
          : []),
        ...success
          .filter((status) => !media.some((m) => m.where === status && m.media.example !== undefined))
          .map((status) => `${name} ${status}: no example`),
      ];
      const invalid = media.flatMap(({ where, type, media: { schema, example } }) =>
        schema && example !== undefined && JSON_TYPE.test(type)
          ? schemas.problemsOf(schema, example).map((problem) => `${name} ${where} example: ${problem}`)
          : [],
      );
      const badVins = media
        .flatMap(({ media: { example } }) => vinsIn(example))
        .filter((vin) => vin !== null && !isValidVin(vin))
        .map((vin) => `${name}: the example VIN ${String(vin)} has no valid check digit`);
      return [...lacking, ...invalid, ...badVins];
    });
    expect(problems).toEqual([]);
  });

  it('makes the API client fail a test whose answer breaks the document', async () => {
    const served = JSON.stringify(document);
    const answering =
      (status: number, contentType: string, body: string): RequestFn =>
      (path) =>
        Promise.resolve(
          path === '/api/v1/openapi.json'
            ? new Response(served, { headers: { 'content-type': 'application/json' } })
            : new Response(body || null, { status, headers: { 'content-type': contentType } }),
        );
    const user = {
      id: '5e8a1c2b-7d3f-4e6a-8b9c-0d1e2f3a4b5c',
      email: 'a@b.example',
      role: 'exporter',
      disabled: false,
      version: 1,
    };
    const conforming = { ...user, organizationId: 'c2a7e3d1-5b6f-4c8e-a9d0-1f2e3b4c5d6e' };

    await expect(new ApiClient(answering(200, 'application/json', JSON.stringify(conforming))).me()).resolves.toEqual(
      conforming,
    );
    await expect(new ApiClient(answering(200, 'application/json', JSON.stringify(user))).me()).rejects.toThrow(
      /does not conform.*\n.*must have required property 'organizationId'/,
    );
    await expect(
      new ApiClient(answering(200, 'application/json', JSON.stringify({ ...conforming, admin: true }))).me(),
    ).rejects.toThrow(/must NOT have additional properties/);
    await expect(new ApiClient(answering(418, 'application/json', '{}')).me().expectStatus(418)).rejects.toThrow(
      /status 418 is not declared by GET \/api\/v1\/users\/me/,
    );
    await expect(
      new ApiClient(answering(404, 'application/json', '{"message":"Not Found"}')).me().expectStatus(404),
    ).rejects.toThrow(/status 404 is not declared/);
    await expect(
      new ApiClient(answering(401, 'application/json', '{"message":"Unauthorized"}')).me().expectStatus(401),
    ).rejects.toThrow(/content type application\/json is not one of application\/problem\+json/);
    await expect(
      new ApiClient(answering(404, 'application/json', '{"message":"Not Found"}')).get('/nowhere').expectStatus(404),
    ).rejects.toThrow(/content type application\/json is not one of application\/problem\+json/);
  });

  it('serves Swagger UI at /docs', async () => {
    expect(await api.as().get<string>('/docs')).toContain('swagger-ui');
  });
});
