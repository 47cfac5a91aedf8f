import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Caller, ConflictError, InvalidInputError, preparedQuery } from '@landbridge/common';
import {
  type ConsignmentOnTrain,
  type ConsignmentStatus,
  ConsignmentStatusWriter,
  ConsignmentsService,
  type ConsignmentTracking,
  type TrainRow,
  TrainsService,
} from '@landbridge/operations';
import { type RouteDto, RoutesService } from '@landbridge/reference-data';
import { DataSource, type EntityManager } from 'typeorm';
import { EVENT_RANK, type EventType } from '../journey/event-types.js';
import { checkConsignmentEvent, checkNotInFuture, checkTrainEvent } from '../journey/event-rules.js';
import { consignmentEta, consignmentStatus, inTimeOrder, type JourneyEvent, trainState } from '../journey/journey.js';
import type {
  CreateConsignmentEventDto,
  CreateTrainEventDto,
  TimelineDto,
  TrackingEventDto,
} from './tracking-event.dto.js';

interface EventRow {
  id: string;
  seq: string;
  consignment_id: string | null;
  type: EventType;
  station_code: string;
  station_name: string;
  occurred_at: Date;
  recorded_at: Date;
  note: string | null;
  delay_hours: string | null;
  vin: string | null;
}

type RecordedEvent = JourneyEvent & { row: EventRow };

const EVENT_COLUMNS = `e.id, e.seq, e.consignment_id, e.type, e.station_code, s.name AS station_name, e.occurred_at,
  e.recorded_at, e.note, e.delay_hours::text AS delay_hours, e.vin`;

export interface Recorded {
  event: TrackingEventDto;
  /** False when the same event had been recorded before: nothing changed. */
  created: boolean;
}

/**
 * Train and consignment events, and everything they determine: train status, position and ETA, and each
 * consignment's status, derived from all the events in time order (never from the order of arrival).
 * One transaction per event, the train row locked, a fixed number of statements whatever the train carries.
 */
@Injectable()
export class TrackingService {
  /** Routes never change once created (there is no update), so each is read once. */
  private readonly routes = new Map<string, Promise<RouteDto>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trains: TrainsService,
    private readonly consignments: ConsignmentsService,
    private readonly statuses: ConsignmentStatusWriter,
    private readonly routesService: RoutesService,
  ) {}

  async recordTrainEvent(caller: Caller, trainId: string, input: CreateTrainEventDto): Promise<Recorded> {
    if (input.type !== 'DELAYED' && input.delayHours !== undefined) {
      throw new InvalidInputError('Only a DELAYED event declares a delay', [
        { field: 'delayHours', message: 'is allowed only when type is DELAYED' },
      ]);
    }
    const event = journeyEventOf(input, null, input.delayHours ?? null, null);
    checkNotInFuture(event);
    return this.dataSource.transaction(async (em) => {
      const train = await this.trains.lock(em, trainId);
      if (train.status === 'cancelled' || train.status === 'closed') {
        throw new ConflictError(`Train ${train.train_number} is ${train.status}: it records no more events`);
      }
      const route = await this.route(train.route_code);
      const all = await this.eventsOfTrain(em, trainId);
      const duplicate = all.find((e) => sameEvent(e, event));
      if (duplicate) return { event: toDto(duplicate.row), created: false };
      checkTrainEvent(
        route.code,
        route.stops,
        train.train_number,
        all.filter((e) => !e.consignmentId),
        event,
      );
      return this.apply(em, train, route, all, event, caller.userId);
    });
  }

  async recordConsignmentEvent(
    caller: Caller,
    consignmentId: string,
    input: CreateConsignmentEventDto,
  ): Promise<Recorded> {
    const event = journeyEventOf(input, consignmentId, null, input.vin ?? null);
    checkNotInFuture(event);
    const trainId = await this.consignments.trainOf(consignmentId);
    if (!trainId) {
      throw new ConflictError(`Consignment ${consignmentId} is not on a train: its events start once it is loaded`);
    }
    return this.dataSource.transaction(async (em) => {
      const train = await this.trains.lock(em, trainId);
      const onTrain = await this.consignments.onTrain(em, trainId);
      const consignment = onTrain.find((c) => c.id === consignmentId);
      if (!consignment) throw new ConflictError(`Consignment ${consignmentId} has just left train ${trainId}; retry`);
      if (consignment.status === 'cancelled') throw new ConflictError(`Consignment ${consignmentId} is cancelled`);
      if (event.vin && !(await this.consignments.vinsOf(em, consignmentId, [event.vin])).has(event.vin)) {
        throw new InvalidInputError('Unknown vehicle', [
          { field: 'vin', message: `${event.vin} is not a vehicle of this consignment` },
        ]);
      }
      const route = await this.route(train.route_code);
      const all = await this.eventsOfTrain(em, trainId);
      const duplicate = all.find((e) => sameEvent(e, event));
      if (duplicate) return { event: toDto(duplicate.row), created: false };
      checkConsignmentEvent(
        route.code,
        route.stops,
        consignment.destinationStationCode,
        inTimeOrder([...all.filter((e) => !e.consignmentId || e.consignmentId === consignmentId), event]),
        event,
      );
      return this.apply(em, train, route, all, event, caller.userId, onTrain);
    });
  }

  /** The consignment's events in time order, and the stops of its route with planned and expected times. */
  async timeline(caller: Caller, consignmentId: string): Promise<TimelineDto> {
    const journey = await this.consignments.journeyOf(caller, consignmentId);
    if (!journey.trainId || !journey.routeCode || !journey.plannedDepartureAt) return { items: [], planned: [] };
    const [route, rows] = await Promise.all([
      this.route(journey.routeCode),
      preparedQuery<EventRow>(
        this.dataSource,
        `SELECT ${EVENT_COLUMNS} FROM tracking_events e JOIN stations s ON s.code = e.station_code
         WHERE (e.train_id = $1 AND e.consignment_id IS NULL) OR e.consignment_id = $2`,
        [journey.trainId, consignmentId],
      ),
    ]);
    const events = inTimeOrder(rows.map(fromRow));
    const train = trainState(
      route.stops,
      journey.plannedDepartureAt,
      events.filter((e) => !e.consignmentId),
    );
    return {
      items: events.map((e) => toDto(e.row)),
      planned: train.stops.map((stop) => ({
        stationCode: stop.stationCode,
        plannedAt: stop.plannedAt.toISOString(),
        eta: stop.eta?.toISOString() ?? null,
      })),
    };
  }

  /** Records a checked event and applies what it changes. */
  private async apply(
    em: EntityManager,
    train: TrainRow,
    route: RouteDto,
    existing: readonly RecordedEvent[],
    event: JourneyEvent,
    recordedBy: string,
    onTrain?: ConsignmentOnTrain[],
  ): Promise<Recorded> {
    const recorded = await this.insert(em, train.id, event, recordedBy);
    await this.recompute(em, train, route, [...existing, recorded], onTrain);
    return { event: toDto(recorded.row), created: true };
  }

  /**
   * Re-derives the train and every consignment on it from all their events, and writes what changed:
   * one statement for the train, one for all its consignments and their vehicles (with their status
   * events). `occurredAt` of a status change is the time of the latest event.
   */
  private async recompute(
    em: EntityManager,
    train: TrainRow,
    route: RouteDto,
    all: readonly RecordedEvent[],
    onTrain?: ConsignmentOnTrain[],
  ): Promise<void> {
    const latest = all.at(-1)!;
    const events = inTimeOrder(all);
    const trainEvents = events.filter((e) => !e.consignmentId);
    const state = trainState(route.stops, train.planned_departure_at, trainEvents);
    await this.trains.applyJourney(em, train, {
      // A closed train stays closed: its consignments may still be cleared and delivered.
      status:
        train.status === 'closed'
          ? 'closed'
          : state.arrivedAt
            ? 'arrived'
            : state.departedAt
              ? 'departed'
              : train.status,
      departedAt: state.departedAt,
      arrivedAt: state.arrivedAt,
      currentStationCode: state.currentStationCode,
      eta: state.eta,
    });
    const own = new Map<string, JourneyEvent[]>();
    for (const event of events) {
      if (event.consignmentId) own.set(event.consignmentId, [...(own.get(event.consignmentId) ?? []), event]);
    }
    const updates: ConsignmentTracking[] = [];
    for (const consignment of onTrain ?? (await this.consignments.onTrain(em, train.id))) {
      if (consignment.status === 'cancelled' || consignment.status === 'booked') continue;
      const status: ConsignmentStatus = consignmentStatus(
        inTimeOrder([...trainEvents, ...(own.get(consignment.id) ?? [])]),
        route.stops[0]?.stationCode,
      ).status;
      updates.push({
        id: consignment.id,
        status,
        currentStationCode: state.currentStationCode,
        eta: consignmentEta(state, consignment.destinationStationCode),
        occurredAt: latest.occurredAt,
      });
    }
    await this.statuses.track(em, updates);
  }

  private async eventsOfTrain(em: EntityManager, trainId: string): Promise<RecordedEvent[]> {
    const rows = await em.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM tracking_events e JOIN stations s ON s.code = e.station_code
       WHERE e.train_id = $1 ORDER BY e.seq`,
      [trainId],
    );
    return rows.map(fromRow);
  }

  private async insert(
    em: EntityManager,
    trainId: string,
    event: JourneyEvent,
    recordedBy: string,
  ): Promise<RecordedEvent> {
    const [row] = await em.query<EventRow[]>(
      `WITH e AS (
         INSERT INTO tracking_events (train_id, consignment_id, type, rank, station_code, occurred_at, note,
           delay_hours, vin, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *
       ) SELECT ${EVENT_COLUMNS} FROM e JOIN stations s ON s.code = e.station_code`,
      [
        trainId,
        event.consignmentId,
        event.type,
        EVENT_RANK[event.type],
        event.stationCode,
        event.occurredAt,
        event.note,
        event.delayHours,
        event.vin,
        recordedBy,
      ],
    );
    return fromRow(row!);
  }

  private route(code: string): Promise<RouteDto> {
    let route = this.routes.get(code);
    if (!route) {
      route = this.routesService.get(code);
      route.catch(() => this.routes.delete(code));
      this.routes.set(code, route);
    }
    return route;
  }
}

function journeyEventOf(
  input: CreateTrainEventDto | CreateConsignmentEventDto,
  consignmentId: string | null,
  delayHours: number | null,
  vin: string | null,
): JourneyEvent {
  return {
    type: input.type,
    stationCode: input.stationCode,
    occurredAt: new Date(input.occurredAt),
    consignmentId,
    vin,
    note: input.note ?? null,
    delayHours,
    seq: Number.MAX_SAFE_INTEGER,
  };
}

/** The same event sent again (a retry without an Idempotency-Key): same type, place, time and subject. */
function sameEvent(a: JourneyEvent, b: JourneyEvent): boolean {
  return (
    a.type === b.type &&
    a.stationCode === b.stationCode &&
    a.occurredAt.getTime() === b.occurredAt.getTime() &&
    a.consignmentId === b.consignmentId &&
    a.vin === b.vin
  );
}

function fromRow(row: EventRow): RecordedEvent {
  return {
    type: row.type,
    stationCode: row.station_code,
    occurredAt: row.occurred_at,
    consignmentId: row.consignment_id,
    vin: row.vin,
    note: row.note,
    delayHours: row.delay_hours === null ? null : Number(row.delay_hours),
    seq: Number(row.seq),
    row,
  };
}

function toDto(row: EventRow): TrackingEventDto {
  return {
    id: row.id,
    type: row.type,
    stationCode: row.station_code,
    stationName: row.station_name,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    source: row.consignment_id ? 'consignment' : 'train',
    note: row.note,
    delayHours: row.delay_hours === null ? null : Number(row.delay_hours),
    vin: row.vin,
  };
}
