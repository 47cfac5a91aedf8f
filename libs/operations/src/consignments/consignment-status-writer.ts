import { Injectable } from '@nestjs/common';
import {
  CONSIGNMENT_TRANSSHIPPED,
  type ConsignmentUpdate,
  DAMAGE_REPORTED,
  ETA_CHANGED,
  isEtaChange,
  STATUS_CHANGED,
  StatusEventsService,
} from '@landbridge/notifications';
import type { EntityManager } from 'typeorm';
import {
  type ChangedConsignment,
  ConsignmentStatusRepository,
  type ConsignmentTracking,
  type StatusesBefore,
} from './consignment-status.repository.js';

/** Damage reported on a consignment (tracking's DAMAGE_REPORTED), announced with what it changed. */
export interface ConsignmentDamage {
  consignmentId: string;
  vin: string | null;
  stationCode: string;
  note: string | null;
  occurredAt: Date;
}

/** A gauge change of a train: where, when, and the number it runs under from then on. */
export interface TrainTransshipment {
  trainId: string;
  trainNumber: string;
  stationCode: string;
  occurredAt: Date;
}

/**
 * Every change of a consignment's train, status or ETA goes through here, inside the caller's
 * transaction, so that each actual change of status records exactly one status event (the outbox) in that
 * transaction, and each move of the ETA by an hour or more from the one last announced one ETA event.
 */
@Injectable()
export class ConsignmentStatusWriter {
  constructor(
    private readonly consignments: ConsignmentStatusRepository,
    private readonly statusEvents: StatusEventsService,
  ) {}

  /** A cancelled train carries nothing: its consignments leave it, loaded ones booked again. */
  async releaseConsignmentsOfTrain(em: EntityManager, trainId: string): Promise<void> {
    const before = await this.consignments.lockOnTrain(em, trainId);
    await this.change(em, before, (ids) => this.consignments.backToBooked(em, ids));
  }

  /** The consignments of vehicles just loaded are on the train, booked ones loaded. */
  async putOnTrain(em: EntityManager, consignmentIds: readonly string[], trainId: string): Promise<void> {
    const before = await this.consignments.lockToLoad(em, consignmentIds, trainId);
    await this.change(em, before, (ids) => this.consignments.putOnTrain(em, ids, trainId));
  }

  /** A consignment leaves the train with its last vehicle unloaded (nothing happens while one remains). */
  async takeOffTrainIfEmpty(em: EntityManager, consignmentId: string, trainId: string): Promise<void> {
    const before = await this.consignments.lockIfOffTrain(em, consignmentId, trainId);
    await this.change(em, before, (ids) => this.consignments.backToBooked(em, ids));
  }

  /** A consignment cancelled before departure: on no train, its vehicles cancelled with it (one status event). */
  async cancel(em: EntityManager, consignmentId: string): Promise<void> {
    const before = await this.consignments.lockByIds(em, [consignmentId]);
    await this.change(em, before, (ids) => this.consignments.cancel(em, ids));
  }

  /**
   * Sets tracking-derived status, station and ETA on many consignments, and their vehicles' status; with
   * `damage`, announces those reports too. One statement each to lock, to update and to record the
   * events, whatever the number of consignments.
   */
  async track(
    em: EntityManager,
    updates: readonly ConsignmentTracking[],
    damage: readonly ConsignmentDamage[] = [],
  ): Promise<void> {
    if (!updates.length && !damage.length) return;
    const before = await this.consignments.lockByIds(em, [
      ...new Set([...updates.map((update) => update.id), ...damage.map((report) => report.consignmentId)]),
    ]);
    const changed = await this.consignments.track(
      em,
      updates.map((update) => ({
        ...update,
        etaAnnounced: etaToKeep(before.get(update.id)?.announcedEta, update.eta),
      })),
    );
    await this.record(em, before, changed, damage);
  }

  /**
   * Announces a gauge change to each consignment whose vehicles changed wagon there (`vehiclesMoved`, by
   * consignment id): one consignment.transshipped event each, in one statement.
   */
  async transshipped(
    em: EntityManager,
    transshipment: TrainTransshipment,
    vehiclesMoved: ReadonlyMap<string, readonly string[]>,
  ): Promise<void> {
    if (!vehiclesMoved.size) return;
    const before = await this.consignments.lockByIds(em, [...vehiclesMoved.keys()]);
    const updates: ConsignmentUpdate[] = [...before].map(([consignmentId, was]) => ({
      type: CONSIGNMENT_TRANSSHIPPED,
      consignmentId,
      waybillNumber: was.waybillNumber,
      exporterId: was.exporterId,
      ...transshipment,
      vins: [...vehiclesMoved.get(consignmentId)!],
    }));
    await this.statusEvents.record(em, updates);
  }

  /** The planned departure of a train moved before departure: everything on it expects `eta` now. */
  async moveEtaOfTrain(em: EntityManager, trainId: string, eta: Date): Promise<void> {
    const before = await this.consignments.lockOnTrain(em, trainId);
    if (!before.size) return;
    const moves = [...before].map(([id, was]) => ({ id, eta, etaAnnounced: etaToKeep(was.announcedEta, eta) }));
    await this.record(em, before, await this.consignments.moveEta(em, moves));
  }

  private async change(
    em: EntityManager,
    before: StatusesBefore,
    update: (ids: string[]) => Promise<ChangedConsignment[]>,
  ): Promise<void> {
    if (!before.size) return;
    await this.record(em, before, await update([...before.keys()]));
  }

  /**
   * The events of what the statement changed, in one statement: per consignment its status change and
   * its ETA move (StatusEventsService keeps those that are real), after the damage reports that caused them.
   */
  private record(
    em: EntityManager,
    before: StatusesBefore,
    changed: readonly ChangedConsignment[],
    damage: readonly ConsignmentDamage[] = [],
  ): Promise<void> {
    const updates: ConsignmentUpdate[] = [];
    for (const report of damage) {
      const was = before.get(report.consignmentId);
      if (!was) continue;
      const { consignmentId, vin, stationCode, note, occurredAt } = report;
      const { waybillNumber, exporterId } = was;
      updates.push({
        type: DAMAGE_REPORTED,
        consignmentId,
        waybillNumber,
        exporterId,
        vin,
        stationCode,
        note,
        occurredAt,
      });
    }
    for (const row of changed) {
      const was = before.get(row.id);
      const about = {
        consignmentId: row.id,
        waybillNumber: row.waybillNumber,
        exporterId: row.exporterId,
        occurredAt: row.occurredAt,
      };
      updates.push({
        type: STATUS_CHANGED,
        ...about,
        previousStatus: was?.status ?? row.status,
        status: row.status,
        stationCode: row.currentStationCode,
        eta: row.eta,
        note: row.note,
      });
      if (was?.announcedEta && row.eta) {
        updates.push({
          type: ETA_CHANGED,
          ...about,
          previousEta: was.announcedEta,
          eta: row.eta,
          etaRange: row.etaRange,
        });
      }
    }
    return this.statusEvents.record(em, updates);
  }
}

/**
 * The ETA to keep as announced once the ETA is `eta` (null: `eta` itself): `eta` when its move from the
 * one announced is announced now (or either is unknown), else the one announced, which later moves are
 * measured from, so that small moves add up.
 */
function etaToKeep(announced: Date | null | undefined, eta: Date | null): Date | null {
  if (!announced || !eta || isEtaChange(announced, eta) || announced.getTime() === eta.getTime()) return null;
  return announced;
}
