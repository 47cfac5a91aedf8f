import fc from 'fast-check';
import {
  brokenJson,
  hostileJson,
  idempotencyKey,
  ifMatch,
  jsonContentType,
  oddContentType,
  rawQuery,
  strayQuery,
  toJsonText,
} from './hostile-values.js';
import { type JsonSchema, mutatedValue, type SchemaArbitraryOptions, validValue } from './schema-arbitrary.js';

/** The parts of an OpenAPI 3.1 document the fuzzer reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema> };
  security?: Record<string, string[]>[];
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: Record<string, string[]>[];
  'x-public'?: boolean;
  'x-roles'?: string[];
}

export interface Operation {
  method: string;
  /** The path template of the document, such as `/api/v1/trains/{id}`. */
  path: string;
  /** Callable without credentials: `x-public`, or no security requirement in the operation or the document. */
  isPublic: boolean;
  /** The roles the document allows (`x-roles`), when it says. */
  roles?: string[];
  parameters: ParameterObject[];
  body?: JsonSchema;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Every path × method of the document. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) => {
    const shared = (item.parameters ?? []) as ParameterObject[];
    return Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, value]) => {
        const operation = value as OperationObject;
        const security = operation.security ?? document.security ?? [];
        return {
          method: method.toUpperCase(),
          path,
          isPublic: operation['x-public'] === true || security.length === 0,
          roles: operation['x-roles'],
          parameters: [...shared, ...(operation.parameters ?? [])],
          body: operation.requestBody?.content?.['application/json']?.schema,
        };
      });
  });
}

export type CallerKind = 'admin' | 'operator' | 'exporter' | 'anonymous' | 'garbage';

export interface Caller {
  kind: CallerKind;
  /** The Authorization header sent, if any. */
  authorization?: string;
}

const AUTHENTICATED: CallerKind[] = ['admin', 'operator', 'exporter'];

export interface FuzzRequest {
  operation: Operation;
  caller: Caller;
  method: string;
  /** Path and query, already encoded. */
  url: string;
  headers: Record<string, string>;
  /** The body as sent: a string goes with `content-type`, a Buffer without any. */
  body?: string | Buffer;
}

export interface RequestGenerators {
  schema: SchemaArbitraryOptions;
  callers: fc.Arbitrary<Caller>;
  /** An encoded path segment for a path parameter of an operation (real ids part of the time). */
  pathValue(operation: Operation, name: string): fc.Arbitrary<string>;
  /** Real cursors of the operation's collection, to mix with crafted ones. */
  realCursors(operation: Operation): string[];
  craftedCursors: fc.Arbitrary<string>;
  lastEventId: fc.Arbitrary<string>;
}

/** `arbitrary`'s values with the given probability, else undefined. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, probability: number): fc.Arbitrary<T | undefined> {
  const weight = Math.round(probability * 100);
  return fc.oneof({ weight: 100 - weight, arbitrary: fc.constant(undefined) }, { weight, arbitrary });
}

/** A parameter value as URL text: strings as they are, numbers as JavaScript writes them, the rest as JSON. */
const asText = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : toJsonText(value);

/** Longest query value sent: longer ones only meet the server's URL limit (431), not the code behind it. */
const MAX_QUERY_VALUE = 4000;

function queryArbitrary(operation: Operation, generators: RequestGenerators): fc.Arbitrary<string> {
  const parameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const realCursors = generators.realCursors(operation);
  const cursor = fc.oneof(...(realCursors.length ? [{ weight: 2, arbitrary: fc.constantFrom(...realCursors) }] : []), {
    weight: 5,
    arbitrary: generators.craftedCursors,
  });
  const pairs = parameters.map((parameter) => {
    const value =
      parameter.name === 'cursor'
        ? cursor
        : fc
            .oneof(
              { weight: 5, arbitrary: validValue(parameter.schema ?? {}, generators.schema, parameter.name) },
              { weight: 1, arbitrary: hostileJson },
            )
            .map(asText);
    return sometimes(
      value.map((text) => [parameter.name, text.slice(0, MAX_QUERY_VALUE)] as [string, string]),
      parameter.required ? 0.95 : 0.5,
    );
  });
  return fc
    .tuple(fc.tuple(...pairs), sometimes(strayQuery, 0.08), sometimes(rawQuery, 0.04))
    .map(([chosen, stray, raw]) => {
      const search = new URLSearchParams(
        [...chosen, stray].filter((pair): pair is [string, string] => pair !== undefined),
      ).toString();
      const query = [search, raw].filter(Boolean).join('&');
      return query ? `?${query}` : '';
    });
}

function headersArbitrary(operation: Operation, generators: RequestGenerators): fc.Arbitrary<Record<string, string>> {
  const declared = operation.parameters
    .filter((parameter) => parameter.in === 'header')
    .map((parameter) => {
      const name = parameter.name.toLowerCase();
      const value =
        name === 'if-match'
          ? ifMatch
          : name === 'last-event-id'
            ? generators.lastEventId
            : validValue(parameter.schema ?? {}, generators.schema, parameter.name).map(asText);
      return sometimes(
        value.map((text) => [name, text] as const),
        0.5,
      );
    });
  const writes = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(operation.method);
  const extra = fc.constantFrom<[string, string]>(
    ['accept', 'application/xml'],
    ['accept', 'text/event-stream'],
    ['accept-encoding', 'gzip, deflate, br'],
    ['accept-language', 'zh-CN,zh;q=0.9,ru;q=0.8'],
    ['x-forwarded-for', '1.2.3.4, not-an-ip'],
    ['x-request-id', 'x'.repeat(2000)],
    ['origin', 'https://evil.example'],
    ['cookie', '__proto__=polluted; session=x'],
    ['x-http-method-override', 'DELETE'],
  );
  return fc
    .tuple(fc.tuple(...declared), sometimes(idempotencyKey, writes ? 0.25 : 0.05), sometimes(extra, 0.07))
    .map(([pairs, key, odd]) => {
      const headers: Record<string, string> = {};
      for (const pair of pairs) if (pair) headers[pair[0]] = pair[1];
      if (key !== undefined) headers['idempotency-key'] = key;
      if (odd) headers[odd[0]] = odd[1];
      return headers;
    });
}

interface Body {
  contentType?: string;
  text: string;
}

const formOf = (value: unknown): string =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? new URLSearchParams(Object.entries(value).map(([key, item]): [string, string] => [key, asText(item)])).toString()
    : asText(value);

/** Just over the service's 1 MiB body limit. */
const OVERSIZED = `{"name":"${'x'.repeat(1024 * 1024 + 10)}"}`;

function bodyArbitrary(operation: Operation, generators: RequestGenerators): fc.Arbitrary<Body | undefined> {
  if (operation.method === 'GET' || operation.method === 'HEAD') return fc.constant(undefined);
  const json = (value: fc.Arbitrary<unknown>) =>
    fc.tuple(jsonContentType, value).map(([contentType, body]): Body => ({ contentType, text: toJsonText(body) }));
  const broken = brokenJson.map((text): Body => ({ contentType: 'application/json', text }));
  if (!operation.body) {
    return fc.oneof(
      { weight: 12, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: json(hostileJson) },
      { weight: 1, arbitrary: broken },
    );
  }
  const valid = validValue(operation.body, generators.schema);
  return fc.oneof(
    { weight: 60, arbitrary: json(valid) },
    { weight: 40, arbitrary: json(mutatedValue(operation.body, generators.schema)) },
    { weight: 6, arbitrary: json(hostileJson) },
    { weight: 6, arbitrary: broken },
    {
      weight: 8,
      arbitrary: fc
        .tuple(oddContentType, valid, fc.boolean())
        .map(([contentType, value, form]): Body => ({ contentType, text: form ? formOf(value) : toJsonText(value) })),
    },
    {
      weight: 3,
      arbitrary: fc.constantFrom<Body>(
        { contentType: 'application/json', text: '' },
        { contentType: undefined, text: '' },
        { contentType: 'application/json', text: ' \n ' },
      ),
    },
    { weight: 1, arbitrary: fc.constant<Body>({ contentType: 'application/json', text: OVERSIZED }) },
  );
}

/** Requests for one operation, from any of the callers. */
export function requestArbitrary(operation: Operation, generators: RequestGenerators): fc.Arbitrary<FuzzRequest> {
  const pathNames = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  return fc
    .record({
      caller: generators.callers,
      segments: fc.tuple(...pathNames.map((name) => generators.pathValue(operation, name))),
      query: queryArbitrary(operation, generators),
      headers: headersArbitrary(operation, generators),
      body: bodyArbitrary(operation, generators),
    })
    .map(({ caller, segments, query, headers, body }) => {
      let i = 0;
      const path = operation.path.replace(/\{\w+\}/g, () => segments[i++]!);
      const all: Record<string, string> = {
        ...headers,
        ...(caller.authorization ? { authorization: caller.authorization } : {}),
      };
      if (body?.contentType !== undefined) all['content-type'] = body.contentType;
      return {
        operation,
        caller,
        method: operation.method,
        url: path + query,
        headers: all,
        body: body === undefined ? undefined : body.contentType === undefined ? Buffer.from(body.text) : body.text,
      };
    });
}

/** What came back: an answer, or why none did. */
export type Outcome =
  | { status: number; contentType: string | null; body: string; error?: undefined }
  | { error: string; status?: undefined };

/**
 * Sends a request and reads the whole answer; an event stream is closed as soon as its headers arrive.
 * No answer within `timeoutMs` is an outcome of its own.
 */
export async function send(baseUrl: string, request: FuzzRequest, timeoutMs: number): Promise<Outcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetch(baseUrl + request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: controller.signal,
    });
    const contentType = response.headers.get('content-type');
    if (contentType?.startsWith('text/event-stream')) {
      controller.abort();
      return { status: response.status, contentType, body: '(an event stream, closed once its headers arrived)' };
    }
    return { status: response.status, contentType, body: await response.text() };
  } catch (error) {
    if (timedOut) return { error: `no answer within ${timeoutMs} ms` };
    const cause = (error as Error).cause;
    return { error: `the request failed: ${String(error)}${cause instanceof Error ? ` (${cause.message})` : ''}` };
  } finally {
    clearTimeout(timer);
  }
}

/** Why an outcome is a finding, or undefined when it is an acceptable answer. */
export function findingOf(request: FuzzRequest, outcome: Outcome): string | undefined {
  if (outcome.error !== undefined) return outcome.error;
  const { operation, caller } = request;
  if (outcome.status >= 500) return `${outcome.status} server error`;
  if (outcome.status < 200 || outcome.status >= 300) return undefined;
  if (!operation.isPublic && !AUTHENTICATED.includes(caller.kind)) {
    return `${outcome.status} to a caller without valid credentials (${caller.kind})`;
  }
  if (operation.roles && AUTHENTICATED.includes(caller.kind) && !operation.roles.includes(caller.kind)) {
    return `${outcome.status} to ${caller.kind}, a role the document does not allow`;
  }
  return undefined;
}

/** Text as it is when it prints on one line, else as a JSON string (control characters escaped). */
const printable = (text: string) =>
  /^[\x20-\x7e\u00a0-\ud7ff\ue000-\uffff]*$/.test(text) ? text : JSON.stringify(text);

const truncate = (text: string, length: number) =>
  text.length > length ? `${text.slice(0, length)}… (${text.length} chars)` : text;

/** A request and its outcome as a reader (or a replay) needs them. */
export function describeExchange(index: number, request: FuzzRequest, outcome: Outcome): string {
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      // A forged credential in full (it is what the finding is about), a valid one just recognisably.
      truncate(value, name !== 'authorization' ? 120 : request.caller.kind === 'garbage' ? 400 : 40),
    ]),
  );
  const body =
    request.body === undefined
      ? '(none)'
      : request.body.length === 0
        ? '(empty)'
        : truncate(typeof request.body === 'string' ? request.body : request.body.toString('utf8'), 400);
  const answer =
    outcome.error !== undefined
      ? outcome.error
      : `${outcome.status} ${outcome.contentType ?? ''} ${truncate(outcome.body, 600)}`;
  const cursor = new URL(request.url, 'http://fuzz').searchParams.get('cursor');
  const decoded = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : undefined;
  return [
    `#${index} [${request.caller.kind}] ${request.method} ${truncate(request.url, 300)}`,
    ...(decoded ? [`    cursor decodes to: ${printable(truncate(decoded, 200))}`] : []),
    `    headers: ${JSON.stringify(headers)}`,
    `    body: ${printable(body)}`,
    `    → ${answer}`,
  ].join('\n');
}

export interface Finding {
  index: number;
  reason: string;
  request: FuzzRequest;
  outcome: Outcome;
}

/** Findings grouped by reason, method and path template, each with its first few requests. */
export function report(findings: Finding[], examplesPerGroup = 3): string {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.reason} — ${finding.request.method} ${finding.request.operation.path}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.entries()]
    .map(([key, group]) => {
      const callers = [...new Set(group.map((finding) => finding.request.caller.kind))].join(', ');
      const examples = group
        .slice(0, examplesPerGroup)
        .map((finding) => describeExchange(finding.index, finding.request, finding.outcome));
      return [`${key} (${group.length}×, as ${callers})`, ...examples].join('\n');
    })
    .join('\n\n');
}

/** Per operation (`METHOD /path`): how often each status came back, and the time spent waiting for answers. */
export interface OperationStats {
  statuses: Map<string, number>;
  milliseconds: number;
}

/**
 * Sends `count` requests, `concurrency` at a time; request `i` is `requestAt(i)` (deterministic for a
 * seed). Returns every finding and statistics by operation.
 */
export async function fuzz(options: {
  count: number;
  concurrency: number;
  requestAt(index: number): FuzzRequest;
  send(request: FuzzRequest): Promise<Outcome>;
  /** Requests to print with their outcome as they are answered (for debugging a generator or a finding). */
  trace?(request: FuzzRequest): boolean;
}): Promise<{ sent: number; findings: Finding[]; stats: Map<string, OperationStats> }> {
  const findings: Finding[] = [];
  const stats = new Map<string, OperationStats>();
  let next = 0;
  let sent = 0;
  const worker = async () => {
    while (next < options.count) {
      const index = next++;
      const request = options.requestAt(index);
      const started = performance.now();
      const outcome = await options.send(request);
      sent += 1;
      const operation = `${request.method} ${request.operation.path}`;
      const entry = stats.get(operation) ?? { statuses: new Map<string, number>(), milliseconds: 0 };
      const status = outcome.error === undefined ? String(outcome.status) : 'no answer';
      entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
      entry.milliseconds += performance.now() - started;
      stats.set(operation, entry);
      if (options.trace?.(request)) process.stderr.write(`${describeExchange(index, request, outcome)}\n`);
      const reason = findingOf(request, outcome);
      if (reason) findings.push({ index, reason, request, outcome });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  findings.sort((a, b) => a.index - b.index);
  return { sent, findings, stats };
}

/** `404×3 422×10 …`: a histogram of status codes. */
export function histogram(counts: Iterable<Map<string, number>>): string {
  const total = new Map<string, number>();
  for (const map of counts) for (const [status, count] of map) total.set(status, (total.get(status) ?? 0) + count);
  return [...total.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
}

/** The seed of request `index`: a mix of the run's seed and the index, so each request can be replayed alone. */
export function requestSeed(seed: number, index: number): number {
  let hash = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x7feb352d);
  return (hash ^ (hash >>> 15)) | 0;
}

/** The request of `index` in a run with `seed`: the same on every run. */
export function sampleRequest(arbitrary: fc.Arbitrary<FuzzRequest>, seed: number, index: number): FuzzRequest {
  return fc.sample(arbitrary, { seed: requestSeed(seed, index), numRuns: 1 })[0]!;
}
