import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Caller, isStaff, NotFoundError, noteAudit, scopeOf, scopeOfExporter, type Sql } from '@landbridge/common';
import { OrganizationsService } from '@landbridge/identity';
import { StationsService } from '@landbridge/reference-data';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ConsigneeFixedError,
  ConsignmentVersionMismatchError,
  ExporterRequiredError,
  ForeignExporterError,
  InvalidStationsError,
  UnknownExporterError,
  VehicleNotOnTrainError,
  VehiclesNotLoadedError,
  VinAlreadyBookedError,
  VinRepeatedError,
} from './consignment-errors.js';
import type {
  ConsignmentListQueryDto,
  CreateConsignmentDto,
  UpdateConsignmentDto,
  VehicleLookupDto,
} from './consignment.dto.js';
import {
  type ConsignmentJourney,
  type ConsignmentJson,
  type ConsignmentOnTrain,
  ConsignmentsRepository,
  type ConsignmentVehicleRow,
} from './consignments.repository.js';
import type { Gauge } from '../equipment/consist.dto.js';
import type { TrainState } from '../trains/train-state.js';

/** The most VINs a refused departure names: a train with thousands left behind answers the first ones. */
const MAX_LISTED_NOT_LOADED = 1000;

@Injectable()
export class ConsignmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consignments: ConsignmentsRepository,
    private readonly organizations: OrganizationsService,
    private readonly stations: StationsService,
  ) {}

  /** A consignment with its vehicles, all or nothing, for the caller's organization (or, for staff, any). */
  async create(caller: Caller, input: CreateConsignmentDto): Promise<ConsignmentJson> {
    const exporterId = await this.exporterFor(caller, input.exporterId);
    await this.checkStations(input);
    const vins = input.vehicles.map((vehicle) => vehicle.vin);
    const repeated = vins.flatMap((vin, index) => (vins.indexOf(vin) !== index ? [{ vin, index }] : []));
    if (repeated.length) throw new VinRepeatedError(repeated);

    const id = await this.dataSource.transaction(async (em) => {
      const taken = await this.consignments.bookedVins(em, vins);
      if (taken.length) throw new VinAlreadyBookedError(taken.map((vin) => ({ vin, index: vins.indexOf(vin) })));
      return this.consignments.insert(em, { ...input, exporterId });
    });
    return this.get(caller, id);
  }

  /** One consignment with its vehicles, in one query; another organization's answers 404. */
  async get(caller: Caller, id: string): Promise<ConsignmentJson> {
    const consignment = await this.consignments.findDocument(id, scopeOf(caller));
    if (!consignment) throw new NotFoundError('Consignment', id);
    return consignment;
  }

  /**
   * A consignment read through a share link, which names the consignment and its exporter (so a link can
   * only ever show that exporter's consignment); 404 when it is gone.
   */
  async sharedDocument(id: string, exporterId: string): Promise<ConsignmentJson> {
    const consignment = await this.consignments.findDocument(id, scopeOfExporter(exporterId));
    if (!consignment) throw new NotFoundError('Consignment', id);
    return consignment;
  }

  /** Newest first, filtered and scoped; the whole page with its vehicles in one query, as the page's JSON text. */
  list(caller: Caller, query: ConsignmentListQueryDto): Promise<string> {
    const { status, trainId, waybillNumber, containerNumber } = query;
    return this.consignments.pageDocuments(
      scopeOf(caller),
      { status, trainId, waybillNumber, containerNumber },
      query.limit,
      query.cursor,
    );
  }

  /** Every vehicle of the consignments the filters match (all pages), scoped as the list: for exports. */
  vehicleRows(caller: Caller, query: ConsignmentListQueryDto): AsyncGenerator<ConsignmentVehicleRow> {
    const { status, trainId, waybillNumber, containerNumber } = query;
    return this.consignments.vehicleRows(scopeOf(caller), { status, trainId, waybillNumber, containerNumber });
  }

  /** Consignee details may change until the consignment is loaded. */
  async update(
    caller: Caller,
    id: string,
    input: UpdateConsignmentDto,
    expectedVersion?: number,
  ): Promise<ConsignmentJson> {
    await this.dataSource.transaction(async (em) => {
      const current = await this.consignments.lockForEdit(em, id, scopeOf(caller));
      if (!current) throw new NotFoundError('Consignment', id);
      noteAudit({ before: { consignee: current.consignee } });
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw new ConsignmentVersionMismatchError(id, current.version, expectedVersion);
      }
      if (current.status !== 'booked') throw new ConsigneeFixedError(id, current.status);
      await this.consignments.updateConsignee(em, id, input.consignee);
    });
    return this.get(caller, id);
  }

  /** A vehicle with its consignment, train, status and where it is; another organization's answers 404. */
  async vehicle(caller: Caller, vin: string): Promise<VehicleLookupDto> {
    const vehicle = await this.consignments.findVehicle(vin, scopeOf(caller));
    if (!vehicle) throw new NotFoundError('Vehicle', vin);
    return {
      vin: vehicle.vin,
      make: vehicle.make,
      model: vehicle.model,
      powertrain: vehicle.powertrain,
      declaredValue: { amount: vehicle.amount, currency: vehicle.currency },
      status: vehicle.status,
      unit: vehicle.unitKind && vehicle.unitNumber ? { kind: vehicle.unitKind, number: vehicle.unitNumber } : null,
      wagon:
        vehicle.wagonNumber && vehicle.wagonGauge
          ? { number: vehicle.wagonNumber, gauge: vehicle.wagonGauge as Gauge }
          : null,
      consignmentId: vehicle.consignmentId,
      trainId: vehicle.train?.id ?? null,
      train: vehicle.train && {
        id: vehicle.train.id,
        trainNumber: vehicle.train.trainNumber,
        plannedDepartureAt: vehicle.train.plannedDepartureAt.toISOString(),
        departedAt: vehicle.train.departedAt?.toISOString() ?? null,
        arrivedAt: vehicle.train.arrivedAt?.toISOString() ?? null,
      },
      currentStationCode: vehicle.currentStationCode,
      eta: vehicle.eta?.toISOString() ?? null,
    };
  }

  /** The consignments on a train, for tracking (inside its transaction, the train locked). */
  onTrain(em: EntityManager, trainId: string): Promise<ConsignmentOnTrain[]> {
    return this.consignments.onTrain(em, trainId);
  }

  /** What a consignment's timeline needs of it and of its train; another organization's answers 404. */
  async journeyOf(caller: Caller, id: string): Promise<ConsignmentJourney> {
    const journey = await this.consignments.journeyOf(id, scopeOf(caller));
    if (!journey) throw new NotFoundError('Consignment', id);
    return journey;
  }

  /**
   * A stamp of a consignment read through a share link (its train, and the versions of its row and its
   * train's), which changes whenever sharedDocument's answer may; 404 when it is gone.
   */
  async sharedVersion(id: string, exporterId: string): Promise<{ trainId: string | null; stamp: string }> {
    const row = await this.consignments.sharedVersion(id, exporterId);
    if (!row) throw new NotFoundError('Consignment', id);
    return row;
  }

  /**
   * sharedVersion's stamp as a scalar subquery (NULL for no such consignment), to read in another statement
   * whose columns name the consignment and its exporter.
   */
  sharedStampSql(id: Sql, exporterId: Sql): Sql {
    return this.consignments.sharedStampSql(id, exporterId);
  }

  /** What the timeline of a consignment read through a share link needs (see sharedDocument). */
  async sharedJourney(id: string, exporterId: string): Promise<ConsignmentJourney> {
    const journey = await this.consignments.journeyOf(id, scopeOfExporter(exporterId));
    if (!journey) throw new NotFoundError('Consignment', id);
    return journey;
  }

  /** Which train a consignment is on (null for none), for recording its events; 404 when not the caller's. */
  /** The train a consignment is on (or null) and its exporter. */
  async trainOf(caller: Caller, id: string): Promise<{ trainId: string | null; exporterId: string }> {
    const consignment = await this.consignments.trainOf(id, scopeOf(caller));
    if (!consignment) throw new NotFoundError('Consignment', id);
    return consignment;
  }

  /** The VINs of a consignment among `vins`, to check events that name vehicles. */
  vinsOf(em: EntityManager, id: string, vins: readonly string[]): Promise<Set<string>> {
    return this.consignments.vinsOf(em, id, vins);
  }

  /**
   * Refuses a train's departure while a vehicle of a consignment on it is not loaded, naming each (at most
   * MAX_LISTED_NOT_LOADED): in the departure's transaction, the train locked, so no loading or amendment
   * of it runs meanwhile.
   */
  async checkAllLoaded(em: EntityManager, train: Pick<TrainState, 'id' | 'trainNumber'>): Promise<void> {
    const { consignments, count } = await this.consignments.notLoadedOnTrain(em, train.id, MAX_LISTED_NOT_LOADED);
    if (count) throw new VehiclesNotLoadedError(train.trainNumber, consignments, count);
  }

  /** Refuses an event naming a vehicle of the consignment that is not on its train (never loaded, or unloaded). */
  async checkVehicleOnTrain(
    em: EntityManager,
    consignmentId: string,
    train: Pick<TrainState, 'id' | 'trainNumber'>,
    vin: string,
  ): Promise<void> {
    if (!(await this.consignments.isOnTrain(em, consignmentId, train.id, vin))) {
      throw new VehicleNotOnTrainError(vin, consignmentId, train.trainNumber);
    }
  }

  private async exporterFor(caller: Caller, requested: string | undefined): Promise<string> {
    if (!isStaff(caller)) {
      if (requested !== undefined && requested !== caller.organizationId) throw new ForeignExporterError(requested);
      return caller.organizationId;
    }
    if (!requested) throw new ExporterRequiredError();
    const organization = await this.organizations.get(requested).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
    if (organization?.kind !== 'exporter') throw new UnknownExporterError(requested);
    return organization.id;
  }

  private async checkStations(input: CreateConsignmentDto): Promise<void> {
    const { originStationCode: origin, destinationStationCode: destination } = input;
    const known = await this.stations.existing([origin, destination]);
    const unknownOrigin = known.has(origin) ? null : origin;
    const unknownDestination = known.has(destination) ? null : destination;
    if (unknownOrigin !== null || unknownDestination !== null || origin === destination) {
      throw new InvalidStationsError(unknownOrigin, unknownDestination, origin === destination);
    }
  }
}
