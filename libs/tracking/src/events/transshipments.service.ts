import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Caller } from '@landbridge/common';
import {
  ConsignmentStatusWriter,
  EquipmentService,
  type TransshipmentDone,
  TrainsService,
} from '@landbridge/operations';
import { StationsService } from '@landbridge/reference-data';
import { DataSource } from 'typeorm';
import { checkNotInFuture, checkTrainEvent } from '../journey/event-rules.js';
import { checkTransshipment } from '../journey/transshipment-rules.js';
import { TrainRecordsNoEventsError } from './tracking-errors.js';
import { TrackingService } from './tracking.service.js';
import type { CreateTransshipmentDto, TransshipmentDto } from './transshipment.dto.js';

/**
 * The gauge change of a train: checked like any train event against its journey, then the new consist
 * (operations' EquipmentService), the TRANSSHIPPED event with everything it changes (TrackingService's own
 * recording), and one consignment.transshipped update per consignment whose vehicles changed wagon, all
 * in one transaction with the train locked first.
 */
@Injectable()
export class TransshipmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tracking: TrackingService,
    private readonly trains: TrainsService,
    private readonly equipment: EquipmentService,
    private readonly statuses: ConsignmentStatusWriter,
    private readonly stations: StationsService,
  ) {}

  async transship(caller: Caller, trainId: string, input: CreateTransshipmentDto): Promise<TransshipmentDto> {
    const occurredAt = new Date(input.occurredAt);
    const done = await this.dataSource.transaction(async (em): Promise<TransshipmentDone> => {
      const train = await this.trains.lock(em, trainId);
      if (train.status === 'cancelled' || train.status === 'closed') {
        throw new TrainRecordsNoEventsError(train.trainNumber, train.status);
      }
      const { route, all } = await this.tracking.journeySoFar(em, train);
      const trainEvents = all.filter((e) => !e.consignmentId);
      const event = checkTransshipment(
        route.code,
        route.stops,
        train.trainNumber,
        trainEvents,
        input.stationCode,
        occurredAt,
      );
      checkNotInFuture(event);
      checkTrainEvent(route.code, route.stops, train.trainNumber, trainEvents, event);
      const station = await this.stations.get(input.stationCode, em);
      const gauge = station.gauge;
      const transshipment = await this.equipment.transship(em, train, {
        stationCode: input.stationCode,
        gauge,
        why: `the gauge changes at ${input.stationCode} to ${gauge} mm`,
        occurredAt,
        trainNumber: input.trainNumber,
        wagons: input.wagons,
        vehicleMoves: input.vehicleMoves ?? [],
        recordedBy: caller.userId,
      });
      const renumbered =
        transshipment.trainNumber === transshipment.fromTrainNumber ? '' : `, train now ${transshipment.trainNumber}`;
      const note =
        `${station.name}: ${transshipment.containersMoved} containers from ${transshipment.fromGauge} mm to ` +
        `${gauge} mm wagons${renumbered}`;
      await this.tracking.recordChecked(em, train, route, all, { ...event, note }, caller.userId);
      await this.statuses.transshipped(
        em,
        { trainId, trainNumber: transshipment.trainNumber, stationCode: input.stationCode, occurredAt },
        transshipment.vehiclesByConsignment,
      );
      return transshipment;
    });
    return {
      id: done.id,
      trainId: done.trainId,
      stationCode: done.stationCode,
      occurredAt: done.occurredAt.toISOString(),
      fromTrainNumber: done.fromTrainNumber,
      trainNumber: done.trainNumber,
      containersMoved: done.containersMoved,
      vehiclesMoved: done.vehiclesMoved,
      consist: done.consist,
    };
  }
}
