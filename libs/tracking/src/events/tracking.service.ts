import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Caller, noteAudit, type Sql } from '@landbridge/common';
import {
  type ConsignmentJourney,
  type ConsignmentOnTrain,
  type ConsignmentStatus,
  ConsignmentStatusWriter,
  ConsignmentsService,
  type ConsignmentTracking,
  EquipmentService,
  type Gauge,
  type TrainState,
  TrainsService,
} from '@landbridge/operations';
import { type RouteDto, RoutesService, StationsService } from '@landbridge/reference-data';
import { DataSource, type EntityManager } from 'typeorm';
import { EtaService } from '../eta/eta.service.js';
import { borderDwell } from '../journey/border-dwell.js';
import { checkConsignmentEvent, checkNotInFuture, checkTrainEvent } from '../journey/event-rules.js';
import { consignmentEta, consignmentStatus, inTimeOrder, type JourneyEvent, trainState } from '../journey/journey.js';
import type {
  CreateConsignmentEventDto,
  CreateTrainEventDto,
  TimelineDto,
  TrackingEventDto,
} from './tracking-event.dto.js';
import {
  ConsignmentEventOfCancelledError,
  ConsignmentLeftTrainError,
  ConsignmentNotOnTrainError,
  DelayNotAllowedError,
  TrainRecordsNoEventsError,
  VehicleNotInConsignmentError,
} from './tracking-errors.js';
import { type RecordedEvent, TrackingEventsRepository } from './tracking-events.repository.js';

export interface Recorded {
  event: TrackingEventDto;
  /** False when the same event had been recorded before: nothing changed. */
  created: boolean;
}

/** An event as a transaction recorded (or found recorded before). */
interface Recording {
  event: RecordedEvent;
  created: boolean;
}

/**
 * Train and consignment events, and everything they determine: train status, position, ETA and border
 * dwell, and each consignment's status, derived from all the events in time order (never from the order of arrival).
 * One transaction per event, the train row locked, a fixed number of statements whatever the train carries.
 * Trains and consignments are operations': read and written through its services, in this transaction.
 */
@Injectable()
export class TrackingService {
  /** Routes never change once created (there is no update), so each is read once. */
  private readonly routes = new Map<string, RouteDto>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: TrackingEventsRepository,
    private readonly stations: StationsService,
    private readonly trains: TrainsService,
    private readonly consignments: ConsignmentsService,
    private readonly statuses: ConsignmentStatusWriter,
    private readonly routesService: RoutesService,
    private readonly equipment: EquipmentService,
    private readonly eta: EtaService,
  ) {}

  async recordTrainEvent(caller: Caller, trainId: string, input: CreateTrainEventDto): Promise<Recorded> {
    if (input.type !== 'DELAYED' && input.delayHours !== undefined) throw new DelayNotAllowedError(input.type);
    const event = journeyEventOf(input, null, input.delayHours ?? null, null);
    checkNotInFuture(event);
    const recording = this.dataSource.transaction(async (em): Promise<Recording> => {
      const train = await this.trains.lock(em, trainId);
      if (train.status === 'cancelled' || train.status === 'closed') {
        throw new TrainRecordsNoEventsError(train.trainNumber, train.status);
      }
      const { route, all, duplicate } = await this.soFar(em, train, event);
      if (duplicate) return { event: duplicate, created: false };
      checkTrainEvent(
        route.code,
        route.stops,
        train.trainNumber,
        all.filter((e) => !e.consignmentId),
        event,
      );
      // A train leaves with its consignments whole: every vehicle of each is loaded, or removed from it.
      if (event.type === 'DEPARTED') await this.consignments.checkAllLoaded(em, train);
      return this.apply(em, train, route, all, event, caller.userId);
    });
    return this.answer(recording, event.stationCode);
  }

  async recordConsignmentEvent(
    caller: Caller,
    consignmentId: string,
    input: CreateConsignmentEventDto,
  ): Promise<Recorded> {
    const event = journeyEventOf(input, consignmentId, null, input.vin ?? null);
    checkNotInFuture(event);
    const { trainId, exporterId } = await this.consignments.trainOf(caller, consignmentId);
    if (!trainId) throw new ConsignmentNotOnTrainError(consignmentId);
    // Its exporter sees who recorded it (in the audit log), whoever did.
    noteAudit({ organizationId: exporterId });
    const recording = this.dataSource.transaction(async (em): Promise<Recording> => {
      const train = await this.trains.lock(em, trainId);
      const onTrain = await this.consignments.onTrain(em, trainId);
      const consignment = onTrain.find((c) => c.id === consignmentId);
      if (!consignment) throw new ConsignmentLeftTrainError(consignmentId, trainId);
      if (consignment.status === 'cancelled') throw new ConsignmentEventOfCancelledError(consignmentId);
      if (event.vin && !(await this.consignments.vinsOf(em, consignmentId, [event.vin])).has(event.vin)) {
        throw new VehicleNotInConsignmentError(event.vin, consignmentId);
      }
      if (event.vin) await this.consignments.checkVehicleOnTrain(em, consignmentId, train, event.vin);
      const { route, all, duplicate } = await this.soFar(em, train, event);
      if (duplicate) return { event: duplicate, created: false };
      checkConsignmentEvent(
        route.code,
        route.stops,
        consignment.destinationStationCode,
        inTimeOrder([...all.filter((e) => !e.consignmentId || e.consignmentId === consignmentId), event]),
        event,
      );
      return this.apply(em, train, route, all, event, caller.userId, onTrain);
    });
    return this.answer(recording, event.stationCode);
  }

  /** The consignment's events in time order, and the stops of its route with planned and expected times. */
  async timeline(caller: Caller, consignmentId: string): Promise<TimelineDto> {
    return this.timelineOf(await this.consignments.journeyOf(caller, consignmentId));
  }

  /** The timeline of a consignment read through a share link, which names its exporter. */
  async sharedTimeline(consignmentId: string, exporterId: string): Promise<TimelineDto> {
    return this.timelineOf(await this.consignments.sharedJourney(consignmentId, exporterId));
  }

  /** A stamp of the consignment's timeline events that changes with any of them (see sharedTimeline). */
  eventsStamp(trainId: string | null, consignmentId: string): Promise<string> {
    return this.events.stampOf(trainId, consignmentId);
  }

  /** eventsStamp as a scalar subquery, to read in another statement (the train and consignment as its columns). */
  eventsStampSql(trainId: Sql, consignmentId: Sql): Sql {
    return this.events.stampSql(trainId, consignmentId);
  }

  /** When the consignment was delivered, or null while it is not. */
  deliveredAt(consignmentId: string): Promise<Date | null> {
    return this.events.deliveredAt(consignmentId);
  }

  private async timelineOf(journey: ConsignmentJourney): Promise<TimelineDto> {
    const consignmentId = journey.id;
    if (!journey.trainId || !journey.routeCode || !journey.plannedDepartureAt) return { items: [], planned: [] };
    const route = await this.route(journey.routeCode);
    // Its events are at stops of the route or at its destination: their names are read alongside.
    const [recorded, names] = await Promise.all([
      this.events.ofConsignment(journey.trainId, consignmentId),
      this.stations.names([...route.stops.map((stop) => stop.stationCode), journey.destinationStationCode]),
    ]);
    const events = inTimeOrder(recorded);
    const unnamed = events.map((e) => e.stationCode).filter((code) => !names.has(code));
    const [wagons] = await Promise.all([
      this.wagonsOf(journey.trainId, events),
      unnamed.length
        ? this.stations.names(unnamed).then((more) => more.forEach((name, code) => names.set(code, name)))
        : undefined,
    ]);
    const train = trainState(
      route.stops,
      journey.plannedDepartureAt,
      events.filter((e) => !e.consignmentId),
    );
    return {
      items: events.map((e) =>
        e.vin ? { ...toDto(e, names), wagon: wagons.get(wagonKey(e.vin, e.occurredAt)) ?? null } : toDto(e, names),
      ),
      planned: train.stops.map((stop, i) => ({
        stationCode: stop.stationCode,
        plannedAt: stop.plannedAt.toISOString(),
        eta: stop.eta?.toISOString() ?? null,
        gaugeChange: route.stops[i]?.gaugeChange ?? false,
      })),
    };
  }

  /**
   * The wagon each event naming a vehicle found it on (at the event's time, on the consignment's train),
   * by wagonKey; one query for all of them.
   */
  private async wagonsOf(
    trainId: string,
    events: readonly RecordedEvent[],
  ): Promise<Map<string, { number: string; gauge: Gauge }>> {
    const moments = events.flatMap((e) => (e.vin ? [{ vin: e.vin, at: e.occurredAt }] : []));
    if (!moments.length) return new Map();
    const found = await this.equipment.wagonsAt(trainId, moments);
    return new Map(found.map(({ vin, at, wagon }) => [wagonKey(vin, at), wagon]));
  }

  /**
   * In a recording's transaction: the train's route and its events so far, and among them one equal to
   * `event` (a retry, answered with the first) if there is one.
   */
  private async soFar(
    em: EntityManager,
    train: TrainState,
    event: JourneyEvent,
  ): Promise<{ route: RouteDto; all: RecordedEvent[]; duplicate: RecordedEvent | undefined }> {
    const { route, all } = await this.journeySoFar(em, train);
    return { route, all, duplicate: all.find((e) => sameEvent(e, event)) };
  }

  /** In a transaction that locked the train: its route, and its events so far (its own and its consignments'). */
  async journeySoFar(em: EntityManager, train: TrainState): Promise<{ route: RouteDto; all: RecordedEvent[] }> {
    const route = await this.route(train.routeCode, em);
    return { route, all: await this.events.ofTrain(em, train.id) };
  }

  /**
   * Records a train event that another write of the caller's transaction goes with (a transshipment),
   * checked by the caller against `existing` (journeySoFar's), and applies what it changes like any other:
   * the train's and its consignments' journey, with their status events.
   */
  async recordChecked(
    em: EntityManager,
    train: TrainState,
    route: RouteDto,
    existing: readonly RecordedEvent[],
    event: JourneyEvent,
    recordedBy: string,
  ): Promise<void> {
    await this.apply(em, train, route, existing, event, recordedBy);
  }

  /** The answer to a recording: the event, named by its station (read while the transaction runs). */
  private async answer(recording: Promise<Recording>, stationCode: string): Promise<Recorded> {
    const [{ event, created }, names] = await Promise.all([recording, this.stations.names([stationCode])]);
    return { event: toDto(event, names), created };
  }

  /** Records a checked event and applies what it changes. */
  private async apply(
    em: EntityManager,
    train: TrainState,
    route: RouteDto,
    existing: readonly RecordedEvent[],
    event: JourneyEvent,
    recordedBy: string,
    onTrain?: ConsignmentOnTrain[],
  ): Promise<Recording> {
    const recorded = await this.events.insert(em, { ...event, trainId: train.id, recordedBy });
    await this.recompute(em, train, route, [...existing, recorded], onTrain);
    return { event: recorded, created: true };
  }

  /**
   * Re-derives the train and every consignment on it from all their events, and writes what changed:
   * one statement for the train, one for all its consignments and their vehicles (with their status
   * events). `occurredAt` and `note` of a status change are those of the latest event, its cause.
   */
  private async recompute(
    em: EntityManager,
    train: TrainState,
    route: RouteDto,
    all: readonly RecordedEvent[],
    onTrain?: ConsignmentOnTrain[],
  ): Promise<void> {
    const latest = all.at(-1)!;
    const events = inTimeOrder(all);
    const trainEvents = events.filter((e) => !e.consignmentId);
    const state = trainState(route.stops, train.plannedDepartureAt, trainEvents);
    // Which stops are borders is reference data that may change: read with every event, as names are.
    const crossingStops = await this.stations.withKinds(route.stops, em);
    const dwell = borderDwell(crossingStops, trainEvents);
    const learned = await this.eta.estimate(em, route.code, crossingStops, trainEvents, state);
    const onBoard = onTrain ?? (await this.consignments.onTrain(em, train.id));
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
      ...learned,
      borderDwell: dwell,
    });
    if (state.departedAt && state.arrivedAt) {
      const crossed = dwell.find((d) => d.hours !== null);
      await this.eta.recordTransit(em, {
        trainId: train.id,
        routeCode: route.code,
        departedAt: state.departedAt,
        arrivedAt: state.arrivedAt,
        border: crossed ? { stationCode: crossed.stationCode, hours: crossed.hours! } : null,
        exporterIds: [...new Set(onBoard.filter((c) => c.status !== 'cancelled').map((c) => c.exporterId))],
      });
    }
    const own = new Map<string, JourneyEvent[]>();
    for (const event of events) {
      if (event.consignmentId) own.set(event.consignmentId, [...(own.get(event.consignmentId) ?? []), event]);
    }
    const updates: ConsignmentTracking[] = [];
    const destination = route.stops.at(-1)?.stationCode;
    for (const consignment of onBoard) {
      if (consignment.status === 'cancelled' || consignment.status === 'booked') continue;
      const status: ConsignmentStatus = consignmentStatus(
        inTimeOrder([...trainEvents, ...(own.get(consignment.id) ?? [])]),
        route.stops[0]?.stationCode,
      ).status;
      updates.push({
        id: consignment.id,
        status,
        currentStationCode: state.currentStationCode,
        // The learned ETA is the route's end's: a consignment leaving the train before has the plan's.
        ...(consignment.destinationStationCode === destination
          ? learned
          : {
              eta: consignmentEta(state, consignment.destinationStationCode),
              etaRange: null,
              etaBasis: 'plan' as const,
            }),
        occurredAt: latest.occurredAt,
        note: latest.note,
      });
    }
    // A damage report is announced as such, besides what it changes (usually nothing).
    const { type, consignmentId, vin, stationCode, note, occurredAt } = latest;
    const damage =
      type === 'DAMAGE_REPORTED' && consignmentId ? [{ consignmentId, vin, stationCode, note, occurredAt }] : [];
    await this.statuses.track(em, updates, damage);
  }

  /**
   * The route, kept once read; read in `em`'s transaction when given (it must not wait for another
   * connection). Only a route read is kept, never a read in flight, so no request shares another's failure.
   */
  private async route(code: string, em?: EntityManager): Promise<RouteDto> {
    const known = this.routes.get(code);
    if (known) return known;
    const route = await this.routesService.get(code, em);
    this.routes.set(code, route);
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

/** A vehicle at a time, as the timeline matches events to the wagons found. */
function wagonKey(vin: string, at: Date): string {
  return `${vin}@${at.getTime()}`;
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

function toDto(event: RecordedEvent, stationNames: ReadonlyMap<string, string>): TrackingEventDto {
  return {
    id: event.id,
    type: event.type,
    stationCode: event.stationCode,
    stationName: stationNames.get(event.stationCode) ?? event.stationCode,
    occurredAt: event.occurredAt.toISOString(),
    recordedAt: event.recordedAt.toISOString(),
    source: event.consignmentId ? 'consignment' : 'train',
    note: event.note,
    delayHours: event.delayHours,
    vin: event.vin,
  };
}
