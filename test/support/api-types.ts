/**
 * The bodies of the HTTP API as a client sees them (JSON: times are ISO strings, money decimal strings),
 * written down once for the end-to-end tests. They describe the contract, not the code behind it.
 */
import type { Role } from '@landbridge/common';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface FieldError {
  field: string;
  message: string;
  /** Spreadsheet uploads: the row (header = 1), the column as the file names it, the value there. */
  row?: number;
  column?: string;
  value?: string;
}

/** RFC 9457 problem details, with the extensions the API uses. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** On the replay of a create whose answer held a secret: what was created. */
  createdId?: string;
  /** A refused spreadsheet: how many errors it has (errors[] lists at most 1,000). */
  errorCount?: number;
}

/** What POST /manifests/consignments booked (`ids` absent on a dry run). */
export interface ManifestBooking {
  consignments: number;
  vehicles: number;
  ids?: string[];
}

export interface Money {
  amount: string;
  currency: string;
}

// identity

export interface SignInInput {
  email: string;
  password: string;
}
export interface AccessToken {
  accessToken: string;
}
export type OrganizationKind = 'exporter' | 'operator';
export interface OrganizationInput {
  name: string;
  kind: OrganizationKind;
}
export interface Organization extends OrganizationInput {
  id: string;
}
export interface UserInput {
  email: string;
  password: string;
  role: Role;
  organizationId: string;
}
export interface User {
  id: string;
  email: string;
  role: Role;
  organizationId: string;
  disabled: boolean;
  version: number;
}
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}
/** The answer to creating an API key: the only time `key` is shown. */
export interface CreatedApiKey {
  id: string;
  name: string;
  key: string;
}

// reference data

export interface StationUpdate {
  name: string;
  localName: string;
  gauge: 1435 | 1520;
  kind: 'terminal' | 'border' | 'junction';
  timezone: string;
}
export interface StationInput extends StationUpdate {
  code: string;
  country: string;
}
export interface Station extends StationInput {
  version: number;
}
export interface RouteStop {
  sequence: number;
  stationCode: string;
  plannedHoursFromOrigin: number;
  gaugeChange: boolean;
}
export interface RouteInput {
  code: string;
  name: string;
  stops: RouteStop[];
}
export interface Route extends RouteInput {
  version: number;
}

// operations

export type TrainStatus = 'planned' | 'loading' | 'departed' | 'arrived' | 'closed' | 'cancelled';
export type ConsignmentStatus =
  'booked' | 'loaded' | 'in_transit' | 'customs_hold' | 'arrived' | 'delivered' | 'cancelled';
export type Powertrain = 'ICE' | 'HEV' | 'PHEV' | 'BEV' | 'FCEV';

export interface TrainInput {
  trainNumber: string;
  routeCode: string;
  plannedDepartureAt: string;
}
export interface TrainUpdate {
  plannedDepartureAt?: string;
  status?: 'cancelled' | 'closed';
}
export interface Train extends TrainInput {
  id: string;
  status: TrainStatus;
  departedAt: string | null;
  arrivedAt: string | null;
  currentStationCode: string | null;
  eta: string | null;
  etaRange: EtaRange | null;
  etaBasis: 'plan' | 'history';
  vehicleCount: number;
  consignmentCount: number;
  borderDwell: BorderDwell[];
  version: number;
}
export interface EtaRange {
  low: string;
  high: string;
  confidence: number;
}

export interface BorderDwell {
  stationCode: string;
  arrivedAt: string;
  departedAt: string | null;
  hours: number | null;
}
export interface TrainQuery {
  status?: TrainStatus;
  trainNumber?: string;
  limit?: number;
  cursor?: string;
}

export interface VehicleInput {
  vin: string;
  make: string;
  model: string;
  powertrain: Powertrain;
  declaredValue: Money;
}
export interface Consignee {
  name: string;
  country: string;
}
export interface ConsignmentInput {
  waybillNumber: string;
  /** Staff book for an exporter; an exporter books for itself. */
  exporterId?: string;
  consignee: Consignee;
  originStationCode: string;
  destinationStationCode: string;
  vehicles: VehicleInput[];
}
export interface ConsignmentUpdate {
  consignee: Consignee;
}
/** The container or wagon a vehicle travels in. */
export interface Unit {
  kind: 'container' | 'wagon';
  number: string;
}
export interface Vehicle extends VehicleInput {
  status: ConsignmentStatus;
  unit: Unit | null;
  /** The wagon it rides on (its car carrier, or its container's flat); null without a unit or a consist. */
  wagon: WagonRef | null;
}
/** The train carrying a consignment or vehicle, as much of it as an exporter may read. */
export interface TrainSummary {
  id: string;
  trainNumber: string;
  plannedDepartureAt: string;
  departedAt: string | null;
  arrivedAt: string | null;
}
export interface VehicleLookup extends Vehicle {
  consignmentId: string;
  trainId: string | null;
  train: TrainSummary | null;
  currentStationCode: string | null;
  eta: string | null;
}
export interface Consignment {
  id: string;
  waybillNumber: string;
  exporterId: string;
  consignee: Consignee;
  originStationCode: string;
  destinationStationCode: string;
  trainId: string | null;
  train: TrainSummary | null;
  status: ConsignmentStatus;
  currentStationCode: string | null;
  eta: string | null;
  etaRange: EtaRange | null;
  etaBasis: 'plan' | 'history';
  vehicles: Vehicle[];
  version: number;
}
export interface ConsignmentQuery {
  status?: ConsignmentStatus;
  trainId?: string;
  waybillNumber?: string;
  containerNumber?: string;
  limit?: number;
  cursor?: string;
}

export interface LoadingInput {
  unit: Unit;
  vins: string[];
}
export interface Loading {
  trainId: string;
  unit: Unit;
  loaded: string[];
}

// tracking

export type TrainEventType =
  'DEPARTED' | 'ARRIVED_AT_STATION' | 'DEPARTED_STATION' | 'BORDER_CROSSED' | 'GAUGE_CHANGED' | 'DELAYED' | 'ARRIVED';
export type ConsignmentEventType = 'CUSTOMS_HOLD' | 'CUSTOMS_CLEARED' | 'DAMAGE_REPORTED' | 'UNLOADED' | 'DELIVERED';

export interface TrainEventInput {
  type: TrainEventType;
  stationCode: string;
  occurredAt: string;
  note?: string;
  delayHours?: number;
}
export interface ConsignmentEventInput {
  type: ConsignmentEventType;
  stationCode: string;
  occurredAt: string;
  note?: string;
  vin?: string;
}
export interface TrackingEvent {
  id: string;
  type: TrainEventType | 'TRANSSHIPPED' | ConsignmentEventType;
  stationCode: string;
  stationName: string;
  occurredAt: string;
  recordedAt: string;
  source: 'train' | 'consignment';
  note: string | null;
  delayHours?: number | null;
  vin?: string | null;
  /** Timeline items naming a vehicle: the wagon it rode on at the item's time. */
  wagon?: WagonRef | null;
}
export interface PlannedStop {
  stationCode: string;
  plannedAt: string;
  eta: string | null;
}
export interface Timeline {
  items: TrackingEvent[];
  planned: PlannedStop[];
}

// notifications

export interface StatusEvent {
  id: string;
  type: 'consignment.status_changed';
  occurredAt: string;
  data: {
    consignmentId: string;
    waybillNumber: string;
    exporterId: string;
    previousStatus: string;
    status: string;
    stationCode: string | null;
    eta: string | null;
    note: string | null;
  };
}
export interface FeedQuery {
  after?: string;
  cursor?: string;
  limit?: number;
}
export interface WebhookInput {
  url: string;
  events: UpdateType[];
}
export interface Webhook {
  id: string;
  url: string;
  events: string[];
  status: 'active' | 'disabled';
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
}
/** The answer to creating a subscription: the only time `secret` is shown. */
export interface CreatedWebhook extends Webhook {
  secret: string;
}
export interface Delivery {
  id: string;
  eventId: string;
  attempt: number;
  succeeded: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  attemptedAt: string;
}

// reports

export interface TransitTime {
  period: string;
  routeCode: string;
  trains: number;
  p50Hours: number;
  p90Hours: number;
}
export interface BorderDwellStat {
  period: string;
  stationCode: string;
  trains: number;
  p50Hours: number;
  p90Hours: number;
}
export interface ExportReportQuery {
  from?: string;
  to?: string;
  groupBy?: 'month' | 'quarter' | 'year';
  exporterId?: string;
}
export interface ExportReportRow {
  period: string;
  vehicles: number;
  value: Money;
  nevVehicles: number;
  nevValue: Money;
  valueYoYPct: number | null;
  nevValueYoYPct: number | null;
  /** Sums declared in other currencies than CNY, by currency. */
  otherValues: Money[];
}

// the service itself

export interface Health {
  status: 'ok' | 'error';
  checks: { database: 'up' | 'down' };
}
export interface OpenApiOperation {
  'x-public'?: boolean;
  'x-roles'?: string[];
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
}

// identity: the user lifecycle

export interface UserQuery {
  organizationId?: string;
  limit?: number;
  cursor?: string;
}
export interface UserUpdate {
  role?: Role;
  disabled?: boolean;
}
export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

// richer updates (v1.1): more update types in the feed, the stream, webhooks and the broker

export interface EtaChangedEvent {
  id: string;
  type: 'consignment.eta_changed';
  occurredAt: string;
  data: {
    consignmentId: string;
    waybillNumber: string;
    exporterId: string;
    previousEta: string;
    eta: string;
    etaRange: EtaRange | null;
  };
}
export interface DamageReportedEvent {
  id: string;
  type: 'consignment.damage_reported';
  occurredAt: string;
  data: {
    consignmentId: string;
    waybillNumber: string;
    exporterId: string;
    vin: string | null;
    stationCode: string;
    note: string | null;
  };
}
export interface TransshippedEvent {
  id: string;
  type: 'consignment.transshipped';
  occurredAt: string;
  data: {
    consignmentId: string;
    waybillNumber: string;
    exporterId: string;
    trainId: string;
    trainNumber: string;
    stationCode: string;
    vehiclesMoved: number;
    vins: string[];
  };
}
/** Any event of the feed (GET /events), told apart by `type`. */
export type UpdateEvent = StatusEvent | EtaChangedEvent | DamageReportedEvent | TransshippedEvent;
export type UpdateType = UpdateEvent['type'];
/** What POST /webhooks/:id/test sends to the receiver. */
export interface WebhookTestEvent {
  id: string;
  type: 'webhook.test';
  occurredAt: string;
  data: { webhookId: string };
}

// amendments (v1.1)

export interface VehiclesInput {
  vehicles: VehicleInput[];
}
/** A consignment of `consignments[i]` whose VIN `vins[j]` is not loaded: `errors[].field` points here. */
export interface UnloadedConsignment {
  id: string;
  waybillNumber: string;
  vins: string[];
}
/** The refusal of a train's DEPARTED while vehicles of consignments on it are not loaded. */
export interface NotLoadedProblem extends Problem {
  consignments: UnloadedConsignment[];
}
/** The refusal of a loading whose consignment travels on another train, naming it. */
export interface OtherTrainProblem extends Problem {
  trainId: string;
  trainNumber: string;
}

// equipment: the consist, containers and the gauge change

export type Gauge = 1435 | 1520;
/** A container on a flat wagon (ISO 6346 number and size-type code). */
export interface ContainerOnWagon {
  number: string;
  sizeType: string;
}
export interface WagonInput {
  position: number;
  number: string;
  gauge: Gauge;
  kind: 'flat' | 'car_carrier';
  capacityTeu?: 2 | 4 | null;
  containers?: ContainerOnWagon[];
}
/** What a loading list loaded (POST /trains/:id/manifests/loading-list). */
export interface LoadingListResult {
  trainId: string;
  loaded: number;
  units: number;
}
export interface ConsistInput {
  wagons: WagonInput[];
}
export interface ConsistWagon {
  position: number;
  number: string;
  gauge: Gauge;
  kind: 'flat' | 'car_carrier';
  capacityTeu: 2 | 4 | null;
  containers: ContainerOnWagon[];
}
export interface Consist {
  trainId: string;
  trainNumber: string;
  stationCode: string;
  validFrom: string | null;
  validTo: string | null;
  version: number;
  wagons: ConsistWagon[];
}
/** The wagon a vehicle rides on, directly or in its container. */
export interface WagonRef {
  number: string;
  gauge: Gauge;
}

/** A vehicle of a car carrier moved at a gauge change: onto a car carrier or into a container. */
export interface VehicleMove {
  vin: string;
  wagonNumber?: string;
  containerNumber?: string;
}
export interface TransshipmentInput {
  stationCode: string;
  occurredAt: string;
  trainNumber?: string;
  wagons: WagonInput[];
  vehicleMoves?: VehicleMove[];
}
export interface Transshipment {
  id: string;
  trainId: string;
  stationCode: string;
  occurredAt: string;
  fromTrainNumber: string;
  trainNumber: string;
  containersMoved: number;
  vehiclesMoved: number;
  consist: Consist;
}
export interface ContainerHistoryEntry {
  trainId: string;
  stationCode: string;
  wagonNumber: string;
  from: string | null;
  to: string | null;
}
/** A container on its trip: the train, its wagon now, the vehicles in it, every consist it was on. */
export interface Container {
  number: string;
  sizeType: string | null;
  trainId: string;
  trainNumber: string;
  wagon: WagonRef | null;
  vehicles: { vin: string; consignmentId: string }[];
  history: ContainerHistoryEntry[];
}
