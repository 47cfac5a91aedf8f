import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Caller, NotFoundError, scopeOf } from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LoadingsRepository } from '../loadings/loadings.repository.js';
import { acceptsLoading } from '../trains/train-status.js';
import { TrainsRepository } from '../trains/trains.repository.js';
import type { AddVehiclesDto } from './add-vehicles.dto.js';
import {
  ConsignmentDepartedError,
  ConsignmentIsCancelledError,
  ConsignmentMovedError,
  ConsignmentVersionMismatchError,
  LastVehicleError,
  TooManyVehiclesError,
  VinAlreadyBookedError,
  VinRepeatedError,
} from './consignment-errors.js';
import { ConsignmentStatusWriter } from './consignment-status-writer.js';
import { MAX_VEHICLES_PER_CONSIGNMENT } from './consignment.dto.js';
import { type AmendedConsignment, type ConsignmentJson, ConsignmentsRepository } from './consignments.repository.js';
import { ConsignmentsService } from './consignments.service.js';

/** Statuses past departure: what left cannot be amended (customs_hold may come before it, at the origin). */
const DEPARTED = new Set(['in_transit', 'arrived', 'delivered']);

/**
 * Amendments of a consignment before its train departs: vehicles added or removed, the consignment
 * cancelled. Each runs in one transaction that locks the consignment's train first, then the consignment
 * (the order loadings and tracking events lock them in), so none races a loading or the departure; each
 * bumps the version, honours If-Match, and answers the consignment's document.
 */
@Injectable()
export class ConsignmentAmendmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consignments: ConsignmentsRepository,
    private readonly documents: ConsignmentsService,
    private readonly trains: TrainsRepository,
    private readonly loadings: LoadingsRepository,
    private readonly statuses: ConsignmentStatusWriter,
  ) {}

  /** Booked vehicles more, checked as when booking; a loaded consignment's train then waits for them. */
  addVehicles(caller: Caller, id: string, input: AddVehiclesDto, expectedVersion?: number): Promise<ConsignmentJson> {
    const vins = input.vehicles.map((vehicle) => vehicle.vin);
    const repeated = vins.flatMap((vin, index) => (vins.indexOf(vin) !== index ? [{ vin, index }] : []));
    if (repeated.length) throw new VinRepeatedError(repeated);
    return this.amend(caller, id, expectedVersion, async (em, consignment) => {
      const count = consignment.vehicleCount + vins.length;
      if (count > MAX_VEHICLES_PER_CONSIGNMENT) throw new TooManyVehiclesError(count, MAX_VEHICLES_PER_CONSIGNMENT);
      const taken = await this.consignments.bookedVins(em, vins);
      if (taken.length) throw new VinAlreadyBookedError(taken.map((vin) => ({ vin, index: vins.indexOf(vin) })));
      await this.consignments.addVehicles(em, id, input.vehicles);
    });
  }

  /**
   * A vehicle out of the consignment, unloaded first when loaded (the consignment leaves the train with its
   * last loaded vehicle). The last vehicle stays: removing it is cancelling the consignment, which says so.
   */
  removeVehicle(caller: Caller, id: string, vin: string, expectedVersion?: number): Promise<ConsignmentJson> {
    return this.amend(caller, id, expectedVersion, async (em, consignment) => {
      const vehicle = await this.consignments.vehicleOf(em, id, vin);
      if (!vehicle) throw new NotFoundError('Vehicle', `${vin} of consignment ${id}`);
      if (consignment.vehicleCount <= 1) throw new LastVehicleError(id, vin);
      const trainId = vehicle.loadedOn;
      if (trainId) await this.loadings.unload(em, trainId, vin);
      await this.consignments.removeVehicle(em, id, vin);
      if (trainId) {
        await this.statuses.takeOffTrainIfEmpty(em, id, trainId);
        await this.trains.recountLoadings(em, trainId);
      }
    });
  }

  /** Cancels a consignment that has not departed: its loadings released, on no train, one status event. */
  cancel(caller: Caller, id: string, expectedVersion?: number): Promise<ConsignmentJson> {
    return this.amend(caller, id, expectedVersion, async (em, consignment) => {
      await this.loadings.releaseVehiclesOfConsignment(em, id);
      await this.statuses.cancel(em, id);
      if (consignment.trainId) await this.trains.recountLoadings(em, consignment.trainId);
    });
  }

  /**
   * Runs `change` on the consignment, locked with its train, once it is the caller's (404), at the version
   * asked for (412), not cancelled and not departed (409); answers the document it leaves.
   */
  private async amend(
    caller: Caller,
    id: string,
    expectedVersion: number | undefined,
    change: (em: EntityManager, consignment: AmendedConsignment) => Promise<void>,
  ): Promise<ConsignmentJson> {
    const scope = scopeOf(caller);
    // The train is locked before the consignment: which one it is is read first, and checked once locked.
    const seen = await this.consignments.trainOf(id, scope);
    if (!seen) throw new NotFoundError('Consignment', id);
    await this.dataSource.transaction(async (em) => {
      if (seen.trainId) await this.trains.lockForUpdate(em, seen.trainId);
      const consignment = await this.consignments.lockForAmendment(em, id, scope);
      if (!consignment) throw new NotFoundError('Consignment', id);
      if (consignment.trainId !== seen.trainId) throw new ConsignmentMovedError(id);
      if (expectedVersion !== undefined && consignment.version !== expectedVersion) {
        throw new ConsignmentVersionMismatchError(id, consignment.version, expectedVersion);
      }
      if (consignment.status === 'cancelled') throw new ConsignmentIsCancelledError(id);
      const { trainNumber, trainStatus } = consignment;
      const trainDeparted = trainNumber !== null && trainStatus !== null && !acceptsLoading(trainStatus);
      if (trainDeparted || DEPARTED.has(consignment.status)) {
        throw new ConsignmentDepartedError(
          id,
          consignment.status,
          trainDeparted ? { trainNumber, status: trainStatus } : null,
        );
      }
      await change(em, consignment);
    });
    return this.documents.get(caller, id);
  }
}
