import { containerCheckDigit, vinCheckDigit } from '@landbridge/common';
import type { ChaosHttpClient, RequestKind } from './http-client.js';
import type { Prng } from './prng.js';

const API = '/api/v1';
const HOUR = 3_600_000;
const ROUTE = 'ZGZ-MOW-ERC';
const VIN_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
/** Times a handheld sends an event again (with a new key) that the state refused for now (409). */
const RESENDS = 6;

interface RouteStop {
  stationCode: string;
  plannedHoursFromOrigin: number;
}

/** An organization of the run and the API key its systems use. */
export interface Party {
  organizationId: string;
  key: string;
}

export interface ChaosWorld {
  admin: string;
  operator: Party;
  exporters: Party[];
  stops: RouteStop[];
}

/**
 * The organizations and API keys of the run (two exporters, an operator organization), created by the
 * first admin before any fault, and the route the trains run on.
 */
export async function setUpWorld(
  client: ChaosHttpClient,
  admin: { email: string; password: string },
  tag: string,
): Promise<ChaosWorld> {
  const { accessToken } = await client.must<{ accessToken: string }>(undefined, 'POST', `${API}/auth/token`, admin);
  const party = async (name: string, kind: 'exporter' | 'operator'): Promise<Party> => {
    const organization = await client.must<{ id: string }>(accessToken, 'POST', `${API}/organizations`, {
      name: `${name} ${tag}`,
      kind,
    });
    const user = { email: `${name.toLowerCase()}.${tag}@chaos.test`, password: `chaos-password-${tag}` };
    await client.must(accessToken, 'POST', `${API}/users`, {
      ...user,
      role: kind,
      organizationId: organization.id,
    });
    const token = await client.must<{ accessToken: string }>(undefined, 'POST', `${API}/auth/token`, user);
    const { key } = await client.must<{ key: string }>(token.accessToken, 'POST', `${API}/api-keys`, {
      name: `${name} systems`,
    });
    return { organizationId: organization.id, key };
  };
  const operator = await party('Dispatch', 'operator');
  const exporters = [await party('Yutong', 'exporter'), await party('Haima', 'exporter')];
  const route = await client.must<{ stops: RouteStop[] }>(operator.key, 'GET', `${API}/routes/${ROUTE}`);
  return { admin: accessToken, operator, exporters, stops: route.stops };
}

interface PlannedEvent {
  kind: RequestKind;
  path: string;
  body: Record<string, unknown>;
  at: number;
}

/**
 * A handheld at the terminal and on the way, with the exporters' booking systems: it plans a train, books
 * one to three consignments on it (of either exporter), loads them, and records the journey from
 * Zhengzhou to Moscow — departures, stops, delays, customs holds, arrival, unloading, delivery — weeks
 * after it happened and out of order, as a handheld syncing late does. Every write carries an
 * Idempotency-Key and is retried with it; an event the state refuses for now (409) is sent again later,
 * under a new key. Trains follow one another until `stopAt`.
 */
export class Handheld {
  private sent = 0;
  trains = 0;

  constructor(
    private readonly device: string,
    private readonly client: ChaosHttpClient,
    private readonly world: ChaosWorld,
    private readonly random: Prng,
    private readonly stopAt: number,
  ) {}

  async run(): Promise<void> {
    while (Date.now() < this.stopAt) await this.oneTrain();
  }

  /** One train loaded with consignments, one consignment per exporter: the status events SSE resumes from. */
  async seedTrain(): Promise<void> {
    const train = await this.plannedTrain(new Date(Date.now() - 60 * 24 * HOUR));
    if (!train) throw new Error('the seed train was not created');
    for (const exporter of this.world.exporters) {
      if (!(await this.bookAndLoad(train, exporter))) throw new Error('the seed consignments were not loaded');
    }
  }

  private async oneTrain(): Promise<void> {
    const departure = new Date(Date.now() - (50 + this.random.int(0, 200) / 10) * 24 * HOUR);
    const train = await this.plannedTrain(departure);
    if (!train) return;
    this.trains += 1;
    const consignments: string[] = [];
    for (let i = this.random.int(1, 3); i > 0; i--) {
      const booked = await this.bookAndLoad(train, this.random.pick(this.world.exporters));
      if (!booked) return; // the train could not depart with a consignment half loaded
      consignments.push(booked);
    }
    await this.recordJourney(train, departure.getTime(), consignments);
  }

  private async plannedTrain(departure: Date): Promise<string | undefined> {
    const trainNumber = `C${this.device}${String(this.random.int(0, 9_999_999)).padStart(7, '0')}`;
    const { status, body } = await this.write<{ id: string }>('train', 'POST', `${API}/trains`, {
      trainNumber,
      routeCode: ROUTE,
      plannedDepartureAt: departure.toISOString(),
    });
    return status === 201 ? body.id : undefined;
  }

  /** Books a consignment of 1–3 vehicles for `exporter` and loads them in a container; its id when both succeeded. */
  private async bookAndLoad(trainId: string, exporter: Party): Promise<string | undefined> {
    const vehicles = Array.from({ length: this.random.int(1, 3) }, () => ({
      vin: this.vin(),
      make: 'Yutong',
      model: 'ICe12',
      powertrain: this.random.pick(['ICE', 'BEV', 'PHEV']),
      declaredValue: { amount: `${this.random.int(100, 2000)}000.00`, currency: 'CNY' },
    }));
    const booking = await this.write<{ id: string }>(
      'booking',
      'POST',
      `${API}/consignments`,
      {
        waybillNumber: `CH${this.device}${this.random.text(DIGITS + LETTERS, 12)}`,
        consignee: { name: 'Avtodom Trading LLC', country: 'RU' },
        originStationCode: this.world.stops[0]!.stationCode,
        destinationStationCode: this.world.stops.at(-1)!.stationCode,
        vehicles,
      },
      exporter.key,
    );
    if (booking.status !== 201) return undefined;
    const body = `${this.random.text(LETTERS, 3)}U${this.random.text(DIGITS, 6)}`;
    const loading = await this.write('loading', 'POST', `${API}/trains/${trainId}/loadings`, {
      unit: { kind: 'container', number: body + containerCheckDigit(body)! },
      vins: vehicles.map((vehicle) => vehicle.vin),
    });
    return loading.status === 201 ? booking.body.id : undefined;
  }

  /** The journey's events, sent in a shuffled order; 409s are sent again later. */
  private async recordJourney(trainId: string, departedAt: number, consignments: string[]): Promise<void> {
    const events = this.journey(trainId, departedAt, consignments);
    // The departure goes first (nothing else is accepted before it); the rest in a shuffled order.
    const [departure, ...rest] = events;
    for (let i = 0; i < rest.length; i++) {
      if (!this.random.chance(0.4)) continue;
      const j = Math.min(rest.length - 1, i + this.random.int(1, 4));
      [rest[i], rest[j]] = [rest[j]!, rest[i]!];
    }
    if (rest.length && this.random.chance(0.3)) rest.push(...rest.splice(this.random.int(0, rest.length - 1), 1));
    const queue = [departure!, ...rest];
    const resends = new Map<PlannedEvent, number>();
    while (queue.length && Date.now() < this.stopAt) {
      const event = queue.shift()!;
      const { status } = await this.write(event.kind, 'POST', event.path, event.body);
      const times = resends.get(event) ?? 0;
      if (status === 409 && times < RESENDS) {
        resends.set(event, times + 1);
        queue.splice(Math.min(queue.length, this.random.int(1, 3)), 0, event);
      }
    }
  }

  /** A plausible journey along the route, in time order, weeks in the past. */
  private journey(trainId: string, departedAt: number, consignments: string[]): PlannedEvent[] {
    const { stops } = this.world;
    const trainEvent = (type: string, stationCode: string, at: number, extra: Record<string, unknown> = {}) => ({
      kind: 'train-event' as const,
      path: `${API}/trains/${trainId}/events`,
      body: { type, stationCode, occurredAt: new Date(at).toISOString(), ...extra },
      at,
    });
    const consignmentEvent = (consignmentId: string, type: string, stationCode: string, at: number) => ({
      kind: 'consignment-event' as const,
      path: `${API}/consignments/${consignmentId}/events`,
      body: { type, stationCode, occurredAt: new Date(at).toISOString() },
      at,
    });
    const events: PlannedEvent[] = [trainEvent('DEPARTED', stops[0]!.stationCode, departedAt)];
    const holdAt = new Map(
      consignments.map((id) => [id, this.random.chance(0.4) ? this.random.int(1, stops.length - 2) : 0]),
    );
    let leftLast = departedAt;
    for (let i = 1; i < stops.length - 1; i++) {
      const stop = stops[i]!;
      const arrived = Math.max(
        leftLast + HOUR,
        departedAt + stop.plannedHoursFromOrigin * HOUR * (1 + this.random.int(0, 10) / 100),
      );
      const delayHours = this.random.chance(0.25) ? this.random.int(1, 12) : 0;
      const left = arrived + (this.random.int(2, 6) + delayHours) * HOUR;
      if (this.random.chance(0.7)) events.push(trainEvent('ARRIVED_AT_STATION', stop.stationCode, arrived));
      if (delayHours) events.push(trainEvent('DELAYED', stop.stationCode, arrived + HOUR / 2, { delayHours }));
      for (const [id, at] of holdAt) {
        if (at !== i) continue;
        events.push(consignmentEvent(id, 'CUSTOMS_HOLD', stop.stationCode, arrived + HOUR));
        events.push(consignmentEvent(id, 'CUSTOMS_CLEARED', stop.stationCode, arrived + 1.5 * HOUR));
      }
      if (this.random.chance(0.7)) events.push(trainEvent('DEPARTED_STATION', stop.stationCode, left));
      leftLast = left;
    }
    const end = stops.at(-1)!;
    const arrived = Math.max(leftLast + HOUR, departedAt + end.plannedHoursFromOrigin * HOUR);
    events.push(trainEvent('ARRIVED', end.stationCode, arrived));
    for (const id of consignments) {
      events.push(consignmentEvent(id, 'UNLOADED', end.stationCode, arrived + 2 * HOUR));
      if (this.random.chance(0.8)) events.push(consignmentEvent(id, 'DELIVERED', end.stationCode, arrived + 6 * HOUR));
    }
    return events.sort((a, b) => a.at - b.at);
  }

  private write<T>(
    kind: RequestKind,
    method: string,
    path: string,
    body: unknown,
    key = this.world.operator.key,
  ): Promise<{ status: number | null; body: T }> {
    this.sent += 1;
    return this.client.send<T>(kind, key, method, path, { body, key: `chaos-${this.device}-${this.sent}` });
  }

  private vin(): string {
    const draft = `L${this.random.text(VIN_ALPHABET, 7)}0${this.random.text(VIN_ALPHABET, 8)}`;
    return `${draft.slice(0, 8)}${vinCheckDigit(draft)!}${draft.slice(9)}`;
  }
}
