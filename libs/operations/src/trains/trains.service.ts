import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { noteAudit, NotFoundError, type Page } from '@landbridge/common';
import { type RouteDto, RoutesService } from '@landbridge/reference-data';
import { DataSource, type EntityManager } from 'typeorm';
import { ConsignmentStatusWriter } from '../consignments/consignment-status-writer.js';
import { ExportFiguresRepository } from '../export-figures/export-figures.repository.js';
import { LoadingsRepository } from '../loadings/loadings.repository.js';
import {
  DepartureFixedError,
  IllegalTrainTransitionError,
  TrainClosedForLoadingError,
  TrainVersionMismatchError,
  UnknownRouteError,
} from './train-errors.js';
import type { TrainJourney, TrainState } from './train-state.js';
import { acceptsLoading, canTransition } from './train-status.js';
import { type CreateTrainDto, TrainDto, type TrainListQueryDto, type UpdateTrainDto } from './train.dto.js';
import { TrainsRepository } from './trains.repository.js';

@Injectable()
export class TrainsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trains: TrainsRepository,
    private readonly loadings: LoadingsRepository,
    private readonly exportFigures: ExportFiguresRepository,
    private readonly routes: RoutesService,
    private readonly statuses: ConsignmentStatusWriter,
  ) {}

  async create(input: CreateTrainDto): Promise<TrainDto> {
    const route = await this.routes.get(input.routeCode).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new UnknownRouteError(input.routeCode);
      throw error;
    });
    const train = await this.trains.insert({
      trainNumber: input.trainNumber,
      routeCode: input.routeCode,
      plannedDepartureAt: input.plannedDepartureAt,
      journeyHours: journeyHours(route),
    });
    return TrainDto.of(train);
  }

  async get(id: string): Promise<TrainDto> {
    const train = await this.trains.findById(id);
    if (!train) throw new NotFoundError('Train', id);
    return TrainDto.of(train);
  }

  /** Trains by planned departure, newest first, of a status or a number (current or before a transshipment). */
  async list(query: TrainListQueryDto): Promise<Page<TrainDto>> {
    const page = await this.trains.page(
      { status: query.status, trainNumber: query.trainNumber },
      query.limit,
      query.cursor,
    );
    return { items: page.items.map(TrainDto.of), nextCursor: page.nextCursor };
  }

  /**
   * Moves the planned departure (before departure), cancels (releasing every loading) or closes a train.
   * With `expectedVersion` it applies only to that version (412 otherwise).
   */
  async update(id: string, input: UpdateTrainDto, expectedVersion?: number): Promise<TrainDto> {
    return this.dataSource.transaction(async (em) => {
      const train = await this.lock(em, id);
      noteAudit({ before: { status: train.status, plannedDepartureAt: train.plannedDepartureAt.toISOString() } });
      if (expectedVersion !== undefined && train.version !== expectedVersion) {
        throw new TrainVersionMismatchError(id, train.version, expectedVersion);
      }
      if (input.plannedDepartureAt !== undefined && !acceptsLoading(train.status)) {
        throw new DepartureFixedError(train.status);
      }
      if (input.status !== undefined && input.status !== train.status && !canTransition(train.status, input.status)) {
        throw new IllegalTrainTransitionError(train.status, input.status);
      }
      if (input.status === 'cancelled' && train.status !== 'cancelled') await this.release(em, id);
      // Before departure the ETA is the plan: it moves with the planned departure, for what is on board too.
      const eta =
        input.plannedDepartureAt === undefined
          ? null
          : new Date(
              Date.parse(input.plannedDepartureAt) +
                journeyHours(await this.routes.get(train.routeCode, em)) * 3_600_000,
            );
      if (eta) await this.statuses.moveEtaOfTrain(em, id, eta);
      const updated = await this.trains.update(em, train, {
        plannedDepartureAt: input.plannedDepartureAt,
        status: input.status,
        eta,
      });
      return TrainDto.of(updated);
    });
  }

  /**
   * The train locked for the rest of the caller's transaction: its loadings, updates and events queue
   * here. NotFoundError when there is no such train.
   */
  async lock(em: EntityManager, id: string): Promise<TrainState> {
    const train = await this.trains.lockForUpdate(em, id);
    if (!train) throw new NotFoundError('Train', id);
    return train;
  }

  /** Locks the train as `lock` does, for loading or unloading: 409 once it has departed (or is cancelled). */
  async lockForLoading(em: EntityManager, id: string, action: 'loading' | 'unloading'): Promise<TrainState> {
    const train = await this.lock(em, id);
    if (!acceptsLoading(train.status)) throw new TrainClosedForLoadingError(train.trainNumber, train.status, action);
    return train;
  }

  /**
   * Sets what the tracking events say of a train, given as `lock` returned it in this transaction (status,
   * times, where it is, when it arrives). What left on it counts in the export figures from its departure;
   * at arrival its vehicles are free to be loaded onto another train.
   */
  async applyJourney(em: EntityManager, train: TrainState, journey: TrainJourney): Promise<void> {
    await this.trains.applyJourney(em, train.id, journey);
    if (!train.departedAt && journey.departedAt) await this.exportFigures.addDepartedTrains(em, [train.id]);
    if (journey.status === 'arrived') await this.loadings.releaseOnArrival(em, train.id, journey.arrivedAt);
  }

  /** A cancelled train carries nothing: its vehicles and consignments go back to booked. */
  private async release(em: EntityManager, trainId: string): Promise<void> {
    await this.loadings.releaseVehiclesOfTrain(em, trainId);
    await this.statuses.releaseConsignmentsOfTrain(em, trainId);
    await this.trains.clearCounts(em, trainId);
  }
}

/** Planned hours from the origin to the end of the route. */
function journeyHours(route: RouteDto): number {
  return route.stops.at(-1)?.plannedHoursFromOrigin ?? 0;
}
