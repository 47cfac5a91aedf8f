import { Injectable } from '@nestjs/common';
import { type StatusChange, StatusEventsService } from '@landbridge/notifications';
import type { EntityManager } from 'typeorm';
import {
  type ChangedConsignment,
  ConsignmentStatusRepository,
  type ConsignmentTracking,
  type StatusesBefore,
} from './consignment-status.repository.js';

/**
 * Every change of a consignment's train or status goes through here, inside the caller's transaction, so
 * that each actual change of status records exactly one status event (the outbox) in that transaction.
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

  /** Sets tracking-derived status, station and ETA on many consignments, and their vehicles' status. */
  async track(em: EntityManager, updates: readonly ConsignmentTracking[]): Promise<void> {
    if (!updates.length) return;
    const before = await this.consignments.lockByIds(
      em,
      updates.map((update) => update.id),
    );
    await this.record(em, before, await this.consignments.track(em, updates));
  }

  private async change(
    em: EntityManager,
    before: StatusesBefore,
    update: (ids: string[]) => Promise<ChangedConsignment[]>,
  ): Promise<void> {
    if (!before.size) return;
    await this.record(em, before, await update([...before.keys()]));
  }

  private record(em: EntityManager, before: StatusesBefore, changed: readonly ChangedConsignment[]): Promise<void> {
    return this.statusEvents.record(
      em,
      changed.map((row): StatusChange => ({
        consignmentId: row.id,
        waybillNumber: row.waybillNumber,
        exporterId: row.exporterId,
        previousStatus: before.get(row.id) ?? row.status,
        status: row.status,
        stationCode: row.currentStationCode,
        eta: row.eta,
        occurredAt: row.occurredAt,
      })),
    );
  }
}
