import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';
import { NotFoundError } from '@landbridge/common';
import type { OrganizationsService } from '@landbridge/identity';
import { StatusEventsService } from '@landbridge/notifications';
import type { RouteDto, RoutesService, StationsService } from '@landbridge/reference-data';
import type { DataSource } from 'typeorm';
import { ConsignmentAmendmentsService } from '../../../libs/operations/src/consignments/consignment-amendments.service.js';
import { ConsignmentStatusRepository } from '../../../libs/operations/src/consignments/consignment-status.repository.js';
import { ConsignmentStatusWriter } from '../../../libs/operations/src/consignments/consignment-status-writer.js';
import { ConsignmentsRepository } from '../../../libs/operations/src/consignments/consignments.repository.js';
import { ConsignmentsService } from '../../../libs/operations/src/consignments/consignments.service.js';
import { ConsistsRepository } from '../../../libs/operations/src/equipment/consists.repository.js';
import { ConsistsService } from '../../../libs/operations/src/equipment/consists.service.js';
import { EquipmentService } from '../../../libs/operations/src/equipment/equipment.service.js';
import { TransshipmentsRepository } from '../../../libs/operations/src/equipment/transshipments.repository.js';
import { ExportFiguresRepository } from '../../../libs/operations/src/export-figures/export-figures.repository.js';
import { LoadingsRepository } from '../../../libs/operations/src/loadings/loadings.repository.js';
import { LoadingsService } from '../../../libs/operations/src/loadings/loadings.service.js';
import type { TrainState } from '../../../libs/operations/src/trains/train-state.js';
import { TrainsRepository } from '../../../libs/operations/src/trains/trains.repository.js';
import { TrainsService } from '../../../libs/operations/src/trains/trains.service.js';
import { StatusEventsRepository } from '../../../libs/notifications/src/status-events/status-events.repository.js';
import { aContainerNumber, aTrain, aVehicle, aWaybillNumber } from '../../support/factories.js';

/** Route ZGZ-MOW-ERC as the seed migration creates it: what the operations services read of reference-data. */
export const ZGZ_MOW_ERC: RouteDto = {
  code: 'ZGZ-MOW-ERC',
  name: 'Zhengzhou – Moscow via Erenhot',
  stops: [
    ['CNZGZ', 0],
    ['CNERC', 40],
    ['MNZUU', 52],
    ['MNULN', 70],
    ['RUNKI', 96],
    ['RUOVB', 170],
    ['RUYEK', 230],
    ['RUMOW', 300],
  ].map(([stationCode, hours], i) => ({
    sequence: i + 1,
    stationCode: stationCode as string,
    plannedHoursFromOrigin: hours as number,
    gaugeChange: stationCode === 'MNZUU',
  })),
  version: 1,
};

/** Reference-data as operations calls it: the seeded route, and the stations that exist. */
export const routesStub = {
  get: (code: string) =>
    code === ZGZ_MOW_ERC.code ? Promise.resolve(ZGZ_MOW_ERC) : Promise.reject(new NotFoundError('Route', code)),
} as unknown as RoutesService;

const stationsStub = {
  existing: (codes: readonly string[]) => Promise.resolve(new Set(codes.filter((code) => code !== 'XXXXX'))),
} as unknown as StationsService;

const organizationsStub = {
  get: (id: string) => Promise.resolve({ id, kind: 'exporter' }),
} as unknown as OrganizationsService;

/**
 * The repositories and services of operations on a medium database, wired as the module wires them, with
 * the other contexts' services they call stubbed (but the status events: the real outbox).
 */
export function operationsOn(dataSource: DataSource) {
  const trainRows = new TrainsRepository(dataSource);
  const consignmentRows = new ConsignmentsRepository(dataSource);
  const statusRows = new ConsignmentStatusRepository();
  const loadingRows = new LoadingsRepository();
  const figures = new ExportFiguresRepository(dataSource);
  const statusEvents = new StatusEventsService(new StatusEventsRepository(dataSource));
  const writer = new ConsignmentStatusWriter(statusRows, statusEvents);
  const trains = new TrainsService(dataSource, trainRows, loadingRows, figures, routesStub, writer);
  const consignments = new ConsignmentsService(dataSource, consignmentRows, organizationsStub, stationsStub);
  const consistRows = new ConsistsRepository();
  const consists = new ConsistsService(dataSource, trains, consistRows, routesStub, stationsStub);
  const loadings = new LoadingsService(dataSource, trains, trainRows, loadingRows, writer, consistRows, consists);
  const amendments = new ConsignmentAmendmentsService(
    dataSource,
    consignmentRows,
    consignments,
    trainRows,
    loadingRows,
    writer,
  );
  const equipment = new EquipmentService(new TransshipmentsRepository(dataSource), consistRows, trainRows, statusRows);
  return {
    trainRows,
    consignmentRows,
    statusRows,
    loadingRows,
    consistRows,
    figures,
    writer,
    trains,
    consignments,
    loadings,
    amendments,
    equipment,
  };
}

export type Operations = ReturnType<typeof operationsOn>;

/** A migrated database of its own with operations wired on it, and an exporter organization. */
export async function openOperations(): Promise<{ db: MediumDatabase; ops: Operations; exporterId: string }> {
  const db = await openMediumDatabase();
  return { db, ops: operationsOn(db.dataSource), exporterId: await anExporter(db.dataSource) };
}

/** A new exporter organization's id. */
export async function anExporter(dataSource: DataSource): Promise<string> {
  const [row] = await dataSource.query<{ id: string }[]>(
    "INSERT INTO organizations (name, kind) VALUES ($1, 'exporter') RETURNING id",
    [`Exporter ${aWaybillNumber()}`],
  );
  return row!.id;
}

/** A planned train on route ZGZ-MOW-ERC. */
export function aPlannedTrain(
  trainRows: TrainsRepository,
  overrides: { plannedDepartureAt?: string; trainNumber?: string } = {},
): Promise<TrainState> {
  const { trainNumber, plannedDepartureAt } = { ...aTrain(), ...overrides } as {
    trainNumber: string;
    plannedDepartureAt: string;
  };
  return trainRows.insert({ trainNumber, routeCode: ZGZ_MOW_ERC.code, plannedDepartureAt, journeyHours: 300 });
}

/** A booked consignment of `vehicles` vehicles: its id and VINs. */
export async function aBookedConsignment(
  dataSource: DataSource,
  consignmentRows: ConsignmentsRepository,
  exporterId: string,
  vehicles = 2,
): Promise<{ id: string; vins: string[] }> {
  const input = Array.from({ length: vehicles }, () => aVehicle());
  const id = await dataSource.transaction((em) =>
    consignmentRows.insert(em, {
      waybillNumber: aWaybillNumber(),
      exporterId,
      consignee: { name: 'Avtodom Trading LLC', country: 'RU' },
      originStationCode: 'CNZGZ',
      destinationStationCode: 'RUMOW',
      vehicles: input,
    }),
  );
  return { id, vins: input.map((vehicle) => vehicle.vin) };
}

/** A new container unit. */
export const aContainer = () => ({ kind: 'container' as const, number: aContainerNumber() });
