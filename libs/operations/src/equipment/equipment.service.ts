import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConsignmentStatusRepository } from '../consignments/consignment-status.repository.js';
import type { TrainState } from '../trains/train-state.js';
import { TrainsRepository } from '../trains/trains.repository.js';
import type { ConsistDto, Gauge } from './consist.dto.js';
import type { WagonInput } from './consist-rules.js';
import { ConsistsRepository } from './consists.repository.js';
import {
  AlreadyTransshippedError,
  ConsistReplacedLaterError,
  InvalidTransshipmentError,
  NoConsistToTransshipError,
  SimultaneousGaugeChangeError,
} from './transshipment-errors.js';
import { transshipmentProblems, type VehicleMoveInput } from './transshipment-rules.js';
import { TransshipmentsRepository, type UnitMove } from './transshipments.repository.js';

/** A gauge change as tracking asks for it, its place and time checked against the train's journey. */
export interface TransshipmentRequest {
  stationCode: string;
  /** The gauge of the stop: every new wagon's. */
  gauge: Gauge;
  /** Why the wagons must be of that gauge, as a refusal says it. */
  why: string;
  occurredAt: Date;
  /** The number the train runs under from then on, when it changes. */
  trainNumber?: string;
  wagons: readonly WagonInput[];
  vehicleMoves: readonly VehicleMoveInput[];
  recordedBy: string;
}

/** A transshipment as written. */
export interface TransshipmentDone {
  id: string;
  trainId: string;
  stationCode: string;
  occurredAt: Date;
  fromTrainNumber: string;
  trainNumber: string;
  /** The gauge of the consist it left. */
  fromGauge: Gauge;
  containersMoved: number;
  /** How many vehicles changed wagon. */
  vehiclesMoved: number;
  consist: ConsistDto;
  /** The VINs that changed wagon, by consignment id. */
  vehiclesByConsignment: Map<string, string[]>;
}

/** A vehicle's wagon at a time (the wagon at that time of the train it rode). */
export interface VehicleWagon {
  vin: string;
  at: Date;
  wagon: { number: string; gauge: Gauge };
}

/**
 * The equipment side of a gauge change, for tracking (which owns the event and the journey): the
 * containers and vehicles of the consist in force onto the new wagons, the train's new number, and the
 * wagon each vehicle rode at a time.
 */
@Injectable()
export class EquipmentService {
  constructor(
    private readonly transshipments: TransshipmentsRepository,
    private readonly consists: ConsistsRepository,
    private readonly trains: TrainsRepository,
    private readonly consignmentLocks: ConsignmentStatusRepository,
  ) {}

  /**
   * In the caller's transaction, `train` locked by it: closes the consist in force at the time, starts the
   * new one with its wagons and containers, moves the vehicles of car carriers, puts every vehicle of the
   * train on its new wagon, renumbers the train and records the transshipment. InvalidTransshipmentError
   * naming each field at fault, NoConsistToTransshipError, ConsistReplacedLaterError,
   * AlreadyTransshippedError, TrainNumberTakenError; nothing is written then.
   */
  async transship(em: EntityManager, train: TrainState, request: TransshipmentRequest): Promise<TransshipmentDone> {
    const { stationCode, gauge, occurredAt, wagons, vehicleMoves } = request;
    if (await this.transshipments.exists(em, train.id, stationCode)) {
      throw new AlreadyTransshippedError(train.trainNumber, stationCode);
    }
    const before = await this.transshipments.consistAt(em, train.id, occurredAt);
    if (!before) throw new NoConsistToTransshipError(train.trainNumber, occurredAt);
    if (before.validTo) throw new ConsistReplacedLaterError(train.trainNumber, before.validTo);
    if (before.validFrom?.getTime() === occurredAt.getTime()) {
      throw new SimultaneousGaugeChangeError(train.trainNumber, occurredAt);
    }
    const vehicles = await this.transshipments.vehiclesToMove(
      em,
      train.id,
      vehicleMoves.map((move) => move.vin),
    );
    const problems = transshipmentProblems({
      containers: before.containers,
      wagons,
      gauge,
      why: request.why,
      moves: vehicleMoves,
      vehicles: new Map(vehicles.map((vehicle) => [vehicle.vin, vehicle])),
    });
    if (problems.length) throw new InvalidTransshipmentError(train.id, problems);

    const trainNumber = request.trainNumber ?? train.trainNumber;
    // The train first (the caller's), then its consignments, then their vehicles.
    await this.consignmentLocks.lockOnTrain(em, train.id);
    if (trainNumber !== train.trainNumber) await this.trains.renumber(em, train.id, trainNumber);
    await this.transshipments.closeConsist(em, before.id, occurredAt);
    const consistId = await this.transshipments.insertConsist(em, {
      trainId: train.id,
      stationCode,
      gauge,
      trainNumber,
      validFrom: occurredAt,
    });
    await this.consists.insertWagons(em, consistId, wagons);
    const moves: UnitMove[] = vehicleMoves.map((move) =>
      move.wagonNumber === undefined
        ? { vin: move.vin, unitKind: 'container', unitNumber: move.containerNumber! }
        : { vin: move.vin, unitKind: 'wagon', unitNumber: move.wagonNumber },
    );
    await this.transshipments.insertVehicleMoves(em, consistId, moves);
    const rewagoned = await this.transshipments.placeVehicles(em, train.id, consistId, moves);
    const containersMoved = before.containers.length;
    const id = await this.transshipments.insert(em, {
      trainId: train.id,
      stationCode,
      occurredAt,
      fromConsistId: before.id,
      consistId,
      fromTrainNumber: train.trainNumber,
      trainNumber,
      containersMoved,
      vehiclesMoved: rewagoned.length,
      recordedBy: request.recordedBy,
    });
    const consist = await this.consists.inForceAt(em, train.id, occurredAt);
    const vehiclesByConsignment = new Map<string, string[]>();
    for (const { vin, consignmentId } of rewagoned) {
      vehiclesByConsignment.set(consignmentId, [...(vehiclesByConsignment.get(consignmentId) ?? []), vin]);
    }
    return {
      id,
      trainId: train.id,
      stationCode,
      occurredAt,
      fromTrainNumber: train.trainNumber,
      trainNumber,
      fromGauge: before.gauge,
      containersMoved,
      vehiclesMoved: rewagoned.length,
      consist: JSON.parse(consist!.json) as ConsistDto,
      vehiclesByConsignment,
    };
  }

  /** The wagon each vehicle rode on the train at each of the times given; those on none are left out. */
  async wagonsAt(trainId: string, moments: readonly { vin: string; at: Date }[]): Promise<VehicleWagon[]> {
    const rows = await this.transshipments.wagonsAt(trainId, moments);
    return rows.map(({ vin, at, number, gauge }) => ({ vin, at, wagon: { number, gauge } }));
  }
}
