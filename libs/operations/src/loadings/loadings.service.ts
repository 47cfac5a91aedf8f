import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConsignmentStatusWriter } from '../consignments/consignment-status-writer.js';
import { ConsistsRepository } from '../equipment/consists.repository.js';
import { ConsistsService } from '../equipment/consists.service.js';
import { UnitNotOnConsistError } from '../equipment/equipment-errors.js';
import type { TrainState } from '../trains/train-state.js';
import { TrainsRepository } from '../trains/trains.repository.js';
import { TrainsService } from '../trains/trains.service.js';
import {
  ConsignmentCancelledError,
  ConsignmentOnOtherTrainError,
  UnknownVinError,
  VinAlreadyLoadedError,
} from './loading-errors.js';
import type { CreateLoadingDto, LoadingDto } from './loading.dto.js';
import { LoadingsRepository, type Unit } from './loadings.repository.js';

/**
 * Which VIN is in which container or wagon of which train. A loading is all or nothing, runs as a few
 * set-based statements whatever its size, and the database (partial unique index `loadings_vin_active`)
 * guarantees a VIN is on at most one train that has not arrived, even under concurrent requests.
 */
@Injectable()
export class LoadingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trains: TrainsService,
    private readonly trainRows: TrainsRepository,
    private readonly loadings: LoadingsRepository,
    private readonly statuses: ConsignmentStatusWriter,
    private readonly consistRows: ConsistsRepository,
    private readonly consists: ConsistsService,
  ) {}

  async load(trainId: string, input: CreateLoadingDto): Promise<LoadingDto> {
    const { vins, unit } = input;
    await this.dataSource.transaction(async (em) => {
      const train = await this.trains.lockForLoading(em, trainId, 'loading');
      const wagon = await this.wagonOf(em, train, unit);
      if (unit.kind === 'container') {
        await this.consists.refuseContainersOnOtherTrains(em, trainId, [{ number: unit.number, field: 'unit.number' }]);
      }
      await this.loadings.lockConsignmentsOf(em, vins);
      const vehicles = await this.loadings.vehiclesToLoad(em, vins);
      const known = new Map(vehicles.map((vehicle) => [vehicle.vin, vehicle]));
      const unknown = vins.flatMap((vin, index) => (known.has(vin) ? [] : [{ vin, index }]));
      if (unknown.length) throw new UnknownVinError(unknown);
      const cancelled = vehicles.find((vehicle) => vehicle.consignmentStatus === 'cancelled');
      if (cancelled) throw new ConsignmentCancelledError(cancelled.vin);
      const elsewhere = vehicles.find((vehicle) => vehicle.trainId !== null && vehicle.trainId !== trainId);
      if (elsewhere) {
        const { vin, trainId: otherId, trainNumber } = elsewhere;
        throw new ConsignmentOnOtherTrainError(vin, vins.indexOf(vin), otherId!, trainNumber!);
      }
      const placed = new Set(await this.loadings.place(em, trainId, vins, unit));
      if (placed.size !== vins.length) {
        const holders = await this.loadings.activeHolders(
          em,
          vins.filter((vin) => !placed.has(vin)),
        );
        throw new VinAlreadyLoadedError(holders.map((h) => ({ ...h, index: vins.indexOf(h.vin) })));
      }
      await this.loadings.putInUnit(em, vins, unit, wagon);
      await this.statuses.putOnTrain(em, [...new Set(vehicles.map((vehicle) => vehicle.consignmentId))], trainId);
      await this.trainRows.recountLoadings(em, trainId);
    });
    return { trainId, unit, loaded: vins };
  }

  /**
   * The wagon of the train's consist that carries the unit: the container's flat, or the car carrier of
   * that number. A train without a consist takes any unit, on no wagon.
   */
  private async wagonOf(
    em: EntityManager,
    train: TrainState,
    unit: Unit,
  ): Promise<{ number: string; gauge: number } | null> {
    const consist = await this.consistRows.current(em, train.id);
    if (!consist) return null;
    const wagon = await this.consistRows.wagonOfUnit(em, consist.id, unit);
    if (!wagon || (unit.kind === 'wagon' && wagon.kind !== 'car_carrier')) {
      throw new UnitNotOnConsistError(unit, train.trainNumber, wagon?.kind === 'flat');
    }
    return { number: wagon.number, gauge: wagon.gauge };
  }

  /** Takes a vehicle off a train before departure; its consignment leaves the train with its last vehicle. */
  async unload(trainId: string, vin: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.trains.lockForLoading(em, trainId, 'unloading');
      const consignmentId = await this.loadings.unload(em, trainId, vin);
      if (!consignmentId) throw new NotFoundError('Loading of VIN', `${vin} on train ${trainId}`);
      await this.statuses.takeOffTrainIfEmpty(em, consignmentId, trainId);
      await this.trainRows.recountLoadings(em, trainId);
    });
  }
}
