import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { asSystem } from '@landbridge/common';
import type { EtaBasis, EtaRange } from '@landbridge/operations';
import { RoutesService, StationsService } from '@landbridge/reference-data';
import { DataSource, type EntityManager } from 'typeorm';
import type { JourneyEvent, TrainProgress } from '../journey/journey.js';
import {
  CONFIDENCE,
  type CompletedTrip,
  ENOUGH_TRIPS,
  type EtaStop,
  learnProfilesInSteps,
  positionOf,
  predictRemaining,
  tripOf,
} from './eta-model.js';
import { EtaProfilesRepository, type TrainTransit } from './eta-profiles.repository.js';

/** A train's ETA with what it rests on. */
export interface LearnedEta {
  eta: Date;
  etaRange: EtaRange | null;
  etaBasis: EtaBasis;
}

/**
 * The learned ETA: each event reads its route's precomputed profile (one row: the route and the calendar
 * month of the train's departure), so an event costs the same whatever the history; the profiles are
 * relearned from the arrived trains' events by `refresh` (the worker, at start and when trains arrive).
 */
@Injectable()
export class EtaService {
  private readonly logger = new Logger(EtaService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly profiles: EtaProfilesRepository,
    private readonly routes: RoutesService,
    private readonly stations: StationsService,
  ) {}

  /**
   * In an event's transaction: the median of the learned prediction from where and when the train was last
   * seen, with its range, when the route has a profile and knows that position; else the plan (`planned`,
   * trainState's) and no range. An arrived train's ETA is its arrival.
   */
  async estimate(
    em: EntityManager,
    routeCode: string,
    stops: readonly EtaStop[],
    trainEvents: readonly JourneyEvent[],
    planned: TrainProgress,
  ): Promise<LearnedEta> {
    const plan: LearnedEta = { eta: planned.eta, etaRange: null, etaBasis: 'plan' };
    const position = positionOf(stops, trainEvents);
    if (!position || !planned.departedAt) return plan;
    const profile = await this.profiles.profile(em, routeCode, planned.departedAt.getUTCMonth() + 1);
    const remaining = profile && predictRemaining(stops, profile, position);
    if (!remaining) return plan;
    const at = (hours: number) => new Date(position.at.getTime() + Math.round(hours * 60) * 60_000);
    return {
      eta: at(remaining.median),
      etaRange: {
        low: at(remaining.low).toISOString(),
        high: at(remaining.high).toISOString(),
        confidence: CONFIDENCE,
      },
      etaBasis: 'history',
    };
  }

  /** In an arrival's transaction: the train's trip for the analytics and the next refresh. */
  recordTransit(em: EntityManager, transit: TrainTransit): Promise<void> {
    return this.profiles.recordTransit(em, transit);
  }

  /** Relearns the profiles of every route whose arrived trains changed since; gives the routes refreshed. */
  refresh(now = new Date()): Promise<string[]> {
    // Learned from every organization's trains and written for all: the service's system scope.
    return asSystem(() => this.refreshAsSystem(now));
  }

  private async refreshAsSystem(now: Date): Promise<string[]> {
    const stale = await this.profiles.stale();
    for (const { routeCode, arrived } of stale) {
      const route = await this.routes.get(routeCode);
      const stops = await this.stations.withKinds(route.stops, this.dataSource.manager);
      const events = await this.profiles.eventsOfArrived(routeCode);
      const byTrain = new Map<string, JourneyEvent[]>();
      for (const e of events) {
        const list = byTrain.get(e.trainId) ?? [];
        list.push({ ...e, consignmentId: null, vin: null, note: null, delayHours: null, seq: list.length });
        byTrain.set(e.trainId, list);
      }
      const trips = [...byTrain.values()].map((list) => tripOf(stops, list)).filter(isTrip);
      const started = Date.now();
      await this.profiles.replace(routeCode, arrived, await learnProfilesInSteps(stops, trips, now));
      this.logger.log(
        `ETA profiles of ${routeCode}: ${trips.length} trips, ${trips.length >= ENOUGH_TRIPS ? 'learned' : 'the plan'} ` +
          `(${Date.now() - started} ms)`,
      );
    }
    return stale.map((route) => route.routeCode);
  }
}

function isTrip(trip: CompletedTrip | undefined): trip is CompletedTrip {
  return trip !== undefined;
}
