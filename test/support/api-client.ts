import type {
  AccessToken,
  Container,
  Consist,
  ConsistInput,
  ApiKey,
  Consignment,
  ConsignmentEventInput,
  ConsignmentInput,
  ConsignmentQuery,
  ConsignmentUpdate,
  CreatedApiKey,
  CreatedWebhook,
  Delivery,
  ExportReportQuery,
  ExportReportRow,
  TransitTime,
  BorderDwellStat,
  FeedQuery,
  Health,
  Loading,
  LoadingInput,
  LoadingListResult,
  ManifestBooking,
  OpenApiDocument,
  Organization,
  OrganizationInput,
  Page,
  PasswordChange,
  Problem,
  Route,
  RouteInput,
  SignInInput,
  Station,
  StationInput,
  StationUpdate,
  Timeline,
  TrackingEvent,
  Train,
  TrainEventInput,
  TrainInput,
  TrainQuery,
  TrainUpdate,
  Transshipment,
  TransshipmentInput,
  UpdateEvent,
  User,
  UserInput,
  UserQuery,
  UserUpdate,
  VehicleLookup,
  VehiclesInput,
  Webhook,
  WebhookInput,
} from './api-types.js';
import { expectStatusOf } from './expect-status.js';
import { XLSX_TYPE } from './xlsx-files.js';
import { type Answer, OpenApiValidator } from './openapi-validator.js';

/** fetch() against the app under test (TestApp['request']): `json` becomes the body, `token` a Bearer. */
export type RequestFn = (path: string, init?: RequestInit & { json?: unknown; token?: string }) => Promise<Response>;

/** A request body: text (JSON or CSV), bytes (an XLSX file) or a multipart form. */
type SpreadsheetBody = string | FormData | Uint8Array;

/** The content type of a spreadsheet upload: CSV text, XLSX bytes, or a form (fetch sets its boundary). */
function spreadsheetType(file: SpreadsheetBody): Record<string, string> {
  if (typeof file === 'string') return { 'content-type': 'text/csv' };
  if (file instanceof Uint8Array) return { 'content-type': XLSX_TYPE };
  return {};
}

/** Who calls: an actor (anything with a token), a bare token or API key, or nobody (anonymous). */
export type Principal = { token: string } | string | undefined;

/** Headers a call may carry. */
export interface CallOptions {
  idempotencyKey?: string;
  /** An ETag, quotes included (`"3"`). */
  ifMatch?: string;
  headers?: Record<string, string>;
}

/** The statuses at which `expectStatus` gives the endpoint's body; at any other it gives problem details. */
type SuccessStatus = 200 | 201 | 204;

type Query = Record<string, string | number | undefined>;
type PageQuery = { limit?: number; cursor?: string };

/** Why an answer breaks the served OpenAPI document (empty when it conforms). */
type Conformance = (answer: Answer) => Promise<string[]>;

/** The served OpenAPI document as validators, read on first use (when the client was given none). */
function servedDocument(fetchApi: RequestFn): () => Promise<OpenApiValidator> {
  let document: Promise<OpenApiValidator> | undefined;
  return () =>
    (document ??= fetchApi('/api/v1/openapi.json')
      .then((response) => response.json())
      .then((served) => new OpenApiValidator(served as ConstructorParameters<typeof OpenApiValidator>[0])));
}

/**
 * One request, sent when first asked for. `await call` asserts the endpoint's success status and gives
 * its typed body; `call.expectStatus(422)` asserts another status and gives the problem details (a 2xx
 * gives the body; `expectStatus<Health>(503)` names another type); both show the body when the status
 * differs. `call.response` is the raw Response (headers, status races); its body is read once, by
 * `await`/expectStatus or by the test itself, not both.
 *
 * Every answer is checked against the served OpenAPI document before the test sees it: a status the
 * operation does not declare, a content type or a body that its declared schema refuses fails the call
 * (and so the test), naming what differs. An event stream is checked for status and content type only.
 */
export class ApiCall<T> implements PromiseLike<T> {
  #response?: Promise<Response>;
  #text?: Promise<string>;

  constructor(
    readonly label: string,
    private readonly send: () => Promise<Response>,
    private readonly success: SuccessStatus,
    private readonly conformance: Conformance,
  ) {}

  get response(): Promise<Response> {
    return (this.#response ??= this.send().then((response) => this.conforming(response)));
  }

  private async conforming(response: Response): Promise<Response> {
    const contentType = response.headers.get('content-type');
    // A stream's body does not end: it is the test's to read.
    const text = contentType?.startsWith('text/event-stream') ? undefined : await response.clone().text();
    if (text !== undefined) this.#text = Promise.resolve(text);
    const problems = await this.conformance({ status: response.status, contentType, text });
    if (problems.length) {
      throw new Error(
        `${this.label} → ${response.status} does not conform to the OpenAPI document:\n  ${problems.join('\n  ')}` +
          (text ? `\nbody: ${text.slice(0, 600)}` : ''),
      );
    }
    return response;
  }

  expectStatus(status: SuccessStatus): Promise<T>;
  expectStatus<B = Problem>(status: number): Promise<B>;
  expectStatus(status: number): Promise<unknown> {
    return this.body(status);
  }

  /** As expectStatus, and the answer is `application/problem+json`. */
  async expectProblem(status: number): Promise<Problem> {
    const problem = await this.body<Problem>(status);
    expect((await this.response).headers.get('content-type')).toContain('application/problem+json');
    return problem;
  }

  then<A = T, B = never>(
    fulfilled?: ((body: T) => A | PromiseLike<A>) | null,
    rejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.body<T>(this.success).then(fulfilled, rejected);
  }

  /** The body at `status`: JSON parsed when the answer is JSON, else the text (undefined when empty). */
  private async body<B>(status: number): Promise<B> {
    const response = await this.response;
    const text = await (this.#text ??= response.text());
    expectStatusOf(response.status, text, status, this.label);
    if (!text) return undefined as B;
    return (/[/+]json\b/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text) as B;
  }
}

/** `?a=1&b=2` of the defined values of `query`, or nothing. */
function queryString(query: Query): string {
  const defined = Object.entries(query).flatMap(([name, value]): [string, string][] =>
    value === undefined ? [] : [[name, String(value)]],
  );
  return defined.length ? `?${new URLSearchParams(defined).toString()}` : '';
}

/**
 * A typed client of the HTTP API for the end-to-end tests, calling as one principal (`as` gives one for
 * another). Each method is one endpoint and answers an ApiCall of its documented body.
 */
export class ApiClient {
  /**
   * `document` gives the served OpenAPI document that every answer is checked against; by default the
   * client reads it through `fetchApi` on its first request.
   */
  constructor(
    private readonly fetchApi: RequestFn,
    readonly token?: string,
    private readonly document: () => Promise<OpenApiValidator> = servedDocument(fetchApi),
  ) {}

  /** The same client calling as `who`. */
  as(who: Principal): ApiClient {
    return new ApiClient(this.fetchApi, typeof who === 'string' ? who : who?.token, this.document);
  }

  /** Any request; `await` asserts `success` (200 unless given). */
  request<T = unknown>(
    method: string,
    path: string,
    init: CallOptions & { json?: unknown; body?: SpreadsheetBody; success?: SuccessStatus } = {},
  ): ApiCall<T> {
    const { json, body, success = 200, idempotencyKey, ifMatch, headers } = init;
    const allHeaders = {
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      ...(ifMatch ? { 'if-match': ifMatch } : {}),
      ...headers,
    };
    return new ApiCall<T>(
      `${method} ${path}`,
      () => this.fetchApi(path, { method, token: this.token, json, body, headers: allHeaders }),
      success,
      async (answer) => (await this.document()).answerProblems(method, path, answer),
    );
  }

  get<T>(path: string, options: CallOptions = {}): ApiCall<T> {
    return this.request<T>('GET', path, options);
  }

  private create<T>(path: string, json: unknown, options: CallOptions = {}): ApiCall<T> {
    return this.request<T>('POST', path, { ...options, json, success: 201 });
  }

  private remove(path: string, options: CallOptions = {}): ApiCall<void> {
    return this.request<void>('DELETE', path, { ...options, success: 204 });
  }

  // identity

  signIn(credentials: SignInInput, options: CallOptions = {}): ApiCall<AccessToken> {
    return this.request('POST', '/api/v1/auth/token', { ...options, json: credentials });
  }
  me(): ApiCall<User> {
    return this.get('/api/v1/users/me');
  }
  createOrganization(input: OrganizationInput, options?: CallOptions): ApiCall<Organization> {
    return this.create('/api/v1/organizations', input, options);
  }
  listOrganizations(query: PageQuery = {}): ApiCall<Page<Organization>> {
    return this.get(`/api/v1/organizations${queryString(query)}`);
  }
  createUser(input: UserInput, options?: CallOptions): ApiCall<User> {
    return this.create('/api/v1/users', input, options);
  }
  createApiKey(input: { name: string }, options?: CallOptions): ApiCall<CreatedApiKey> {
    return this.create('/api/v1/api-keys', input, options);
  }
  listApiKeys(query: PageQuery = {}): ApiCall<Page<ApiKey>> {
    return this.get(`/api/v1/api-keys${queryString(query)}`);
  }
  revokeApiKey(keyId: string): ApiCall<void> {
    return this.remove(`/api/v1/api-keys/${keyId}`);
  }

  // reference data

  listStations(query: PageQuery = {}): ApiCall<Page<Station>> {
    return this.get(`/api/v1/stations${queryString(query)}`);
  }
  getStation(code: string): ApiCall<Station> {
    return this.get(`/api/v1/stations/${code}`);
  }
  createStation(input: StationInput, options?: CallOptions): ApiCall<Station> {
    return this.create('/api/v1/stations', input, options);
  }
  replaceStation(code: string, update: StationUpdate, options: CallOptions = {}): ApiCall<Station> {
    return this.request('PUT', `/api/v1/stations/${code}`, { ...options, json: update });
  }
  listRoutes(query: PageQuery = {}): ApiCall<Page<Route>> {
    return this.get(`/api/v1/routes${queryString(query)}`);
  }
  getRoute(code: string): ApiCall<Route> {
    return this.get(`/api/v1/routes/${code}`);
  }
  createRoute(input: RouteInput, options?: CallOptions): ApiCall<Route> {
    return this.create('/api/v1/routes', input, options);
  }

  // operations

  createTrain(input: TrainInput, options?: CallOptions): ApiCall<Train> {
    return this.create('/api/v1/trains', input, options);
  }
  listTrains(query: TrainQuery = {}): ApiCall<Page<Train>> {
    return this.get(`/api/v1/trains${queryString({ ...query })}`);
  }
  getTrain(trainId: string): ApiCall<Train> {
    return this.get(`/api/v1/trains/${trainId}`);
  }
  updateTrain(trainId: string, update: TrainUpdate, options: CallOptions = {}): ApiCall<Train> {
    return this.request('PATCH', `/api/v1/trains/${trainId}`, { ...options, json: update });
  }
  bookConsignment(input: ConsignmentInput, options?: CallOptions): ApiCall<Consignment> {
    return this.create('/api/v1/consignments', input, options);
  }
  /**
   * POST /manifests/consignments: `file` as a text/csv body (a string), an XLSX body (bytes), or as FormData
   * (multipart, its `file` field); a dry run answers 200.
   */
  bookConsignmentManifest(
    file: SpreadsheetBody,
    query: { dryRun?: boolean } = {},
    options: CallOptions = {},
  ): ApiCall<ManifestBooking> {
    return this.request(
      'POST',
      `/api/v1/manifests/consignments${queryString({ dryRun: query.dryRun === undefined ? undefined : String(query.dryRun) })}`,
      {
        ...options,
        body: file,
        headers: { ...spreadsheetType(file), ...options.headers },
        success: query.dryRun ? 200 : 201,
      },
    );
  }
  manifestTemplate(kind: 'consignments' | 'loading-list', options: CallOptions = {}): ApiCall<string> {
    return this.get(`/api/v1/manifests/templates/${kind}`, options);
  }
  listConsignments(query: ConsignmentQuery = {}): ApiCall<Page<Consignment>> {
    return this.get(`/api/v1/consignments${queryString({ ...query })}`);
  }
  /** The consignments the filters match as a booking manifest (CSV text, all pages). */
  consignmentsCsv(query: ConsignmentQuery = {}): ApiCall<string> {
    return this.consignmentsExport(query, 'text/csv');
  }
  /** The consignments the filters match as a booking manifest in the format `accept` asks for (all pages). */
  consignmentsExport(query: ConsignmentQuery, accept: string): ApiCall<string> {
    return this.get(`/api/v1/consignments${queryString({ ...query })}`, { headers: { accept } });
  }
  getConsignment(consignmentId: string): ApiCall<Consignment> {
    return this.get(`/api/v1/consignments/${consignmentId}`);
  }
  updateConsignment(consignmentId: string, update: ConsignmentUpdate, options: CallOptions = {}): ApiCall<Consignment> {
    return this.request('PATCH', `/api/v1/consignments/${consignmentId}`, { ...options, json: update });
  }
  getVehicle(vin: string): ApiCall<VehicleLookup> {
    return this.get(`/api/v1/vehicles/${vin}`);
  }
  load(trainId: string, input: LoadingInput, options?: CallOptions): ApiCall<Loading> {
    return this.create(`/api/v1/trains/${trainId}/loadings`, input, options);
  }
  unload(trainId: string, vin: string, options?: CallOptions): ApiCall<void> {
    return this.remove(`/api/v1/trains/${trainId}/loadings/${vin}`, options);
  }

  /** Sets the consist formed at the origin (before departure): 200 with it, its ETag its version. */
  putConsist(trainId: string, input: ConsistInput, options: CallOptions = {}): ApiCall<Consist> {
    return this.request('PUT', `/api/v1/trains/${trainId}/consist`, { ...options, json: input });
  }
  /** Loads the train from a loading list sent as a text/csv body, XLSX bytes or FormData: 201 (200 on a dry run). */
  uploadLoadingList(
    trainId: string,
    file: SpreadsheetBody,
    { dryRun, ...options }: CallOptions & { dryRun?: boolean } = {},
  ): ApiCall<LoadingListResult> {
    return this.request(
      'POST',
      `/api/v1/trains/${trainId}/manifests/loading-list${queryString({ dryRun: dryRun === undefined ? undefined : String(dryRun) })}`,
      {
        ...options,
        body: file,
        headers: { ...spreadsheetType(file), ...options.headers },
        success: dryRun ? 200 : 201,
      },
    );
  }
  /** The train's manifest (CSV text by default; `accept` asks for another format). */
  trainManifest(trainId: string, accept?: string): ApiCall<string> {
    return this.get(`/api/v1/trains/${trainId}/manifest`, accept ? { headers: { accept } } : {});
  }
  /** The consist in force at `at` (default now). */
  getConsist(trainId: string, at?: string): ApiCall<Consist> {
    return this.get(`/api/v1/trains/${trainId}/consist${queryString({ at })}`);
  }

  /** A container on its trip (an exporter: only one holding its vehicles). */
  getContainer(number: string): ApiCall<Container> {
    return this.get(`/api/v1/containers/${number}`);
  }

  /** Adds vehicles to a consignment before departure: 200 with the consignment. */
  addVehicles(consignmentId: string, input: VehiclesInput, options: CallOptions = {}): ApiCall<Consignment> {
    return this.request('POST', `/api/v1/consignments/${consignmentId}/vehicles`, { ...options, json: input });
  }
  /** Removes a vehicle (unloading it first) before departure: 200 with the consignment. */
  removeVehicle(consignmentId: string, vin: string, options: CallOptions = {}): ApiCall<Consignment> {
    return this.request('DELETE', `/api/v1/consignments/${consignmentId}/vehicles/${vin}`, options);
  }
  /** Cancels a consignment that has not departed: 200 with the consignment. */
  cancelConsignment(consignmentId: string, options: CallOptions = {}): ApiCall<Consignment> {
    return this.request('POST', `/api/v1/consignments/${consignmentId}/cancel`, options);
  }

  // tracking

  /** 201 when recorded; 200 with the earlier event when the same one was recorded before. */
  recordTrainEvent(trainId: string, input: TrainEventInput, options?: CallOptions): ApiCall<TrackingEvent> {
    return this.create(`/api/v1/trains/${trainId}/events`, input, options);
  }
  recordConsignmentEvent(
    consignmentId: string,
    input: ConsignmentEventInput,
    options?: CallOptions,
  ): ApiCall<TrackingEvent> {
    return this.create(`/api/v1/consignments/${consignmentId}/events`, input, options);
  }
  /** The gauge change of a train: 201 with the new consist. */
  transship(trainId: string, input: TransshipmentInput, options?: CallOptions): ApiCall<Transshipment> {
    return this.create(`/api/v1/trains/${trainId}/transshipments`, input, options);
  }
  timeline(consignmentId: string): ApiCall<Timeline> {
    return this.get(`/api/v1/consignments/${consignmentId}/timeline`);
  }

  // notifications

  /** A page of the feed (GET /events): the update events (of every type) after a position. */
  events(query: FeedQuery = {}): ApiCall<Page<UpdateEvent>> {
    return this.get(`/api/v1/events${queryString({ ...query })}`);
  }
  createWebhook(input: WebhookInput, options?: CallOptions): ApiCall<CreatedWebhook> {
    return this.create('/api/v1/webhooks', input, options);
  }
  listWebhooks(query: PageQuery = {}): ApiCall<Page<Webhook>> {
    return this.get(`/api/v1/webhooks${queryString(query)}`);
  }
  deleteWebhook(webhookId: string): ApiCall<void> {
    return this.remove(`/api/v1/webhooks/${webhookId}`);
  }
  webhookDeliveries(webhookId: string, query: PageQuery = {}): ApiCall<Page<Delivery>> {
    return this.get(`/api/v1/webhooks/${webhookId}/deliveries${queryString(query)}`);
  }
  /** Sends a `webhook.test` event to the subscription now; the answer is the attempt. */
  testWebhook(webhookId: string, options: CallOptions = {}): ApiCall<Delivery> {
    return this.request('POST', `/api/v1/webhooks/${webhookId}/test`, options);
  }

  // reports

  /** The export report; `query` as an object, or as the literal query string (to send malformed ones). */
  exportReport(query: ExportReportQuery | string): ApiCall<{ items: ExportReportRow[] }> {
    return this.get(`/api/v1/reports/exports${typeof query === 'string' ? `?${query}` : queryString({ ...query })}`);
  }

  /** `query` as a query string without `?` (from, to, routeCode, groupBy). */
  transitTimes(query = ''): ApiCall<{ items: TransitTime[] }> {
    return this.get(`/api/v1/analytics/transit-times${query ? `?${query}` : ''}`);
  }

  /** `query` as a query string without `?` (from, to, groupBy). */
  borderDwellStats(query = ''): ApiCall<{ items: BorderDwellStat[] }> {
    return this.get(`/api/v1/analytics/border-dwell${query ? `?${query}` : ''}`);
  }

  // identity: the user lifecycle

  listUsers(query: UserQuery = {}): ApiCall<Page<User>> {
    return this.get(`/api/v1/users${queryString({ ...query })}`);
  }
  getUser(userId: string): ApiCall<User> {
    return this.get(`/api/v1/users/${userId}`);
  }
  updateUser(userId: string, update: UserUpdate, options: CallOptions = {}): ApiCall<User> {
    return this.request('PATCH', `/api/v1/users/${userId}`, { ...options, json: update });
  }
  /** 204: every access token of the user so far stops working. */
  changePassword(input: PasswordChange, options: CallOptions = {}): ApiCall<void> {
    return this.request('POST', '/api/v1/users/me/password', { ...options, json: input, success: 204 });
  }

  // the service

  health(): ApiCall<Health> {
    return this.get('/health');
  }
  /** Prometheus text. */
  metrics(): ApiCall<string> {
    return this.get('/metrics');
  }
  openApi(): ApiCall<OpenApiDocument> {
    return this.get('/api/v1/openapi.json');
  }
}
