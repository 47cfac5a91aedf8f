import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RoutesService, StationsService } from '@landbridge/reference-data';
import { DataSource, type EntityManager } from 'typeorm';
import { acceptsLoading } from '../trains/train-status.js';
import { TrainsService } from '../trains/trains.service.js';
import { consistProblems } from './consist-rules.js';
import type { Gauge, PutConsistDto } from './consist.dto.js';
import { type ConsistJson, ConsistsRepository } from './consists.repository.js';
import {
  ConsistFixedError,
  ConsistVersionMismatchError,
  ContainerOnOtherTrainError,
  InvalidConsistError,
  type LoadedUnitLeftOff,
  LoadedUnitLeftOffError,
  NoConsistError,
} from './equipment-errors.js';

/**
 * The consist a train is formed of at its origin: set (and replaced) while the train is planned or loading,
 * read at any time. The vehicles loaded on the train ride on its wagons, so a new consist keeps every unit
 * holding them, and moves them onto the wagons that now carry those units.
 */
@Injectable()
export class ConsistsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trains: TrainsService,
    private readonly consists: ConsistsRepository,
    private readonly routes: RoutesService,
    private readonly stations: StationsService,
  ) {}

  /** The consist in force at `at` (now when null); 404 for an unknown train, or one without a consist then. */
  async get(trainId: string, at: Date | null): Promise<ConsistJson> {
    const consist = await this.consists.inForceAt(this.dataSource, trainId, at);
    if (consist) return consist;
    await this.trains.get(trainId);
    throw new NoConsistError(trainId, at);
  }

  /**
   * Sets the wagons of the train's origin consist (creating it at version 1, or replacing its wagons as the
   * next version), with `expectedVersion` only over that version (a train without a consist is at 0).
   */
  async put(trainId: string, input: PutConsistDto, expectedVersion?: number): Promise<ConsistJson> {
    return this.dataSource.transaction(async (em) => {
      const train = await this.trains.lock(em, trainId);
      const current = await this.consists.current(em, trainId);
      const version = current?.version ?? 0;
      if (expectedVersion !== undefined && expectedVersion !== version) {
        throw new ConsistVersionMismatchError(trainId, version, expectedVersion);
      }
      if (!acceptsLoading(train.status)) throw new ConsistFixedError(train.trainNumber, train.status);

      const origin = await this.origin(em, train.routeCode);
      const { wagons } = input;
      const problems = consistProblems(wagons, origin.gauge, `the origin ${origin.code} is ${origin.gauge} mm`);
      if (problems.length) throw new InvalidConsistError(problems);

      await this.refuseContainersOnOtherTrains(
        em,
        trainId,
        wagons.flatMap((wagon, i) =>
          (wagon.containers ?? []).map((container, j) => ({
            number: container.number,
            field: `wagons[${i}].containers[${j}].number`,
          })),
        ),
      );
      const leftOff = this.unitsLeftOff(await this.consists.loadedUnits(em, trainId), input);
      if (leftOff.length) throw new LoadedUnitLeftOffError(leftOff);

      let consistId: string;
      if (current) {
        await this.consists.clearForReplacement(em, current.id);
        consistId = current.id;
      } else {
        consistId = (await this.consists.insertAtOrigin(em, train, origin)).id;
      }
      await this.consists.insertWagons(em, consistId, wagons);
      await this.consists.placeLoadedVehicles(em, trainId, consistId);
      return (await this.consists.inForceAt(em, trainId, null))!;
    });
  }

  /**
   * In the caller's transaction, the train locked by it: ContainerOnOtherTrainError naming each container
   * listed (by the request field that names it) that rides another train that has not arrived, on its
   * consist in force or holding vehicles actively loaded on it. A container rides one train at a time;
   * the containers stay locked for the rest of the transaction, so concurrent consists and loadings of
   * other trains claiming them wait and then see this one.
   */
  async refuseContainersOnOtherTrains(
    em: EntityManager,
    trainId: string,
    listed: readonly { number: string; field: string }[],
  ): Promise<void> {
    if (!listed.length) return;
    const holders = await this.containerHolders(
      em,
      trainId,
      listed.map((c) => c.number),
    );
    const elsewhere = listed.flatMap((c) => {
      const holder = holders.get(c.number);
      return holder ? [{ ...c, trainId: holder.trainId, trainNumber: holder.trainNumber }] : [];
    });
    if (elsewhere.length) throw new ContainerOnOtherTrainError(elsewhere);
  }

  /**
   * Of these containers, those riding another train that has not arrived (on its consist in force or
   * holding vehicles actively loaded on it), by number, with that train; the containers stay locked for the
   * rest of the transaction (see refuseContainersOnOtherTrains).
   */
  async containerHolders(
    em: EntityManager,
    trainId: string,
    numbers: readonly string[],
  ): Promise<Map<string, { trainId: string; trainNumber: string }>> {
    if (!numbers.length) return new Map();
    await this.consists.lockContainers(em, numbers);
    const holders = await this.consists.containersOnOtherTrains(em, trainId, numbers);
    return new Map(holders.map((holder) => [holder.number, holder]));
  }

  /** The units holding loaded vehicles that the consist does not carry: a container off it, a car carrier off it or a flat. */
  private unitsLeftOff(
    loaded: readonly { kind: 'container' | 'wagon'; number: string; vehicles: number }[],
    { wagons }: PutConsistDto,
  ): LoadedUnitLeftOff[] {
    const containers = new Set(wagons.flatMap((wagon) => (wagon.containers ?? []).map((c) => c.number)));
    const wagonIndex = new Map(wagons.map((wagon, i) => [wagon.number, i]));
    return loaded.flatMap((unit): LoadedUnitLeftOff[] => {
      if (unit.kind === 'container') return containers.has(unit.number) ? [] : [unit];
      const index = wagonIndex.get(unit.number);
      if (index === undefined) return [unit];
      return wagons[index]!.kind === 'car_carrier' ? [] : [{ ...unit, flatIndex: index }];
    });
  }

  /** The route's first stop and its gauge: the consist formed there runs on it. */
  private async origin(em: EntityManager, routeCode: string): Promise<{ code: string; gauge: Gauge }> {
    const route = await this.routes.get(routeCode, em);
    const code = route.stops[0]!.stationCode;
    const station = await this.stations.get(code, em);
    return { code, gauge: station.gauge };
  }
}
