import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  containerNumberProblem,
  RowErrors,
  type SpreadsheetUpload,
  spreadsheetRows,
  uploadRows,
  vinProblem,
  wagonNumberProblem,
} from '@landbridge/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConsignmentStatusWriter } from '../consignments/consignment-status-writer.js';
import { ConsistsRepository } from '../equipment/consists.repository.js';
import { ConsistsService } from '../equipment/consists.service.js';
import { LoadingsRepository, type Unit, type VehicleInUnit } from '../loadings/loadings.repository.js';
import { TrainsRepository } from '../trains/trains.repository.js';
import { TrainsService } from '../trains/trains.service.js';
import { LOADING_LIST_UPLOAD_COLUMNS, TOTAL_MARKER } from './manifest-columns.js';

/** What a loading list loaded (or, on a dry run, would load). */
export interface LoadingListResult {
  trainId: string;
  /** Vehicles loaded. */
  loaded: number;
  /** Distinct containers and wagons they went into. */
  units: number;
}

/** One row of a loading list as the load needs it, with where it came from for its errors. */
interface ListedVehicle {
  row: number;
  vin: string;
  unit: Unit;
  wagonNumber: string;
}

/**
 * Loads a train from a loading list: every row checked with the rules and check digits of
 * POST /trains/:id/loadings, then the whole file in one transaction of set-based statements, whatever its
 * size. Any bad row refuses the file, each named by row and column; nothing is stored.
 */
/** Thrown to roll a dry run's transaction back. */
const DRY_RUN = new Error('dry run');

@Injectable()
export class LoadingListService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trains: TrainsService,
    private readonly consistRows: ConsistsRepository,
    private readonly consists: ConsistsService,
    private readonly loadings: LoadingsRepository,
    private readonly statuses: ConsignmentStatusWriter,
    private readonly trainRows: TrainsRepository,
  ) {}

  async load(trainId: string, upload: SpreadsheetUpload, dryRun: boolean): Promise<LoadingListResult> {
    const errors = new RowErrors();
    let columnOf: Record<string, string> = {};
    const listed = await this.readRows(upload, errors, (columns) => (columnOf = columns));
    // The rows that pass alone are checked against the database too, so one answer lists every bad row.
    if (!listed.length) errors.throwIfAny();
    const column = (field: string) => columnOf[field] ?? field;

    // A dry run loads in the transaction too, then undoes it (a request's, rolled back as it noted no change).
    await this.dataSource
      .transaction(async (em) => {
        await this.loadRows(em, trainId, listed, errors, column);
        errors.throwIfAny();
        if (dryRun) throw DRY_RUN;
      })
      .catch((error: unknown) => {
        if (error !== DRY_RUN) throw error;
      });
    return {
      trainId,
      loaded: listed.length,
      units: new Set(listed.map((v) => `${v.unit.kind}:${v.unit.number}`)).size,
    };
  }

  /** The rows of the file, each checked alone (check digits, kinds, a VIN listed twice); TOTAL rows skipped. */
  private async readRows(
    upload: SpreadsheetUpload,
    errors: RowErrors,
    onColumns: (columns: Record<string, string>) => void,
  ): Promise<ListedVehicle[]> {
    const listed: ListedVehicle[] = [];
    const rowOfVin = new Map<string, number>();
    let columnOf: Record<string, string> = {};
    const rows = spreadsheetRows(uploadRows(upload, errors), LOADING_LIST_UPLOAD_COLUMNS, errors, (match) => {
      columnOf = match.columnOf;
      onColumns(columnOf);
    });
    for await (const { row, cells } of rows) {
      if (cells.wagonNumber.toUpperCase() === TOTAL_MARKER) continue;
      const vin = cells.vin.toUpperCase();
      const kind = cells.unitKind.toLowerCase();
      const number = cells.unitNumber.toUpperCase();
      const problems: [string, string, string][] = [];
      const vinWrong = vinProblem(vin);
      if (vinWrong) problems.push(['vin', cells.vin, vinWrong]);
      else if (rowOfVin.has(vin)) problems.push(['vin', cells.vin, `repeats the VIN of row ${rowOfVin.get(vin)}`]);
      if (kind !== 'container' && kind !== 'wagon') {
        problems.push(['unitKind', cells.unitKind, 'must be container or wagon']);
      } else {
        const numberWrong = kind === 'container' ? containerNumberProblem(number) : wagonNumberProblem(number);
        if (numberWrong) problems.push(['unitNumber', cells.unitNumber, numberWrong]);
      }
      for (const [field, value, message] of problems) errors.add(row, field, columnOf[field] ?? field, value, message);
      if (!vinWrong && !rowOfVin.has(vin)) rowOfVin.set(vin, row);
      if (problems.length) continue;
      listed.push({ row, vin, unit: { kind: kind as Unit['kind'], number }, wagonNumber: cells.wagonNumber });
    }
    if (!listed.length && !errors.count) errors.add(2, 'vin', 'vin', '', 'the file lists no vehicle to load');
    return listed;
  }

  /**
   * The loading rules against the database, for all rows at once (train locked first, then the
   * consignments): the unit on the consist (and the wagon named, if any), the container on no other train,
   * the VIN booked, its consignment on no other train and not cancelled, the VIN on no other train. Then
   * the writes, and the same consignment.status_changed events as JSON loadings.
   */
  private async loadRows(
    em: EntityManager,
    trainId: string,
    listed: readonly ListedVehicle[],
    errors: RowErrors,
    column: (field: string) => string,
  ): Promise<void> {
    const train = await this.trains.lockForLoading(em, trainId, 'loading');
    const units = [...new Map(listed.map((v) => [`${v.unit.kind}:${v.unit.number}`, v.unit])).values()];

    const consist = await this.consistRows.current(em, trainId);
    const wagons = new Map<string, { number: string; gauge: number; kind: string }>();
    if (consist) {
      for (const w of await this.consistRows.wagonsOfUnits(em, consist.id, units)) {
        wagons.set(`${w.unitKind}:${w.unitNumber}`, w);
      }
    }
    const containers = units.filter((u) => u.kind === 'container').map((u) => u.number);
    const holders = await this.consists.containerHolders(em, trainId, containers);

    const vins = listed.map((v) => v.vin);
    await this.loadings.lockConsignmentsOf(em, vins);
    const known = new Map((await this.loadings.vehiclesToLoad(em, vins)).map((v) => [v.vin, v]));

    const toLoad: VehicleInUnit[] = [];
    for (const v of listed) {
      const fail = (field: string, value: string, message: string) =>
        errors.add(v.row, field, column(field), value, message);
      const wagon = wagons.get(`${v.unit.kind}:${v.unit.number}`);
      if (consist && (!wagon || (v.unit.kind === 'wagon' && wagon.kind !== 'car_carrier'))) {
        fail(
          'unitNumber',
          v.unit.number,
          wagon
            ? `wagon ${v.unit.number} is a flat of train ${train.trainNumber}'s consist: vehicles ride directly only on a car_carrier`
            : `${v.unit.kind} ${v.unit.number} is not on train ${train.trainNumber}'s consist`,
        );
      } else if (v.wagonNumber && v.wagonNumber !== (wagon?.number ?? '')) {
        fail(
          'wagonNumber',
          v.wagonNumber,
          wagon
            ? `${v.unit.kind} ${v.unit.number} rides on wagon ${wagon.number}, not ${v.wagonNumber}`
            : `train ${train.trainNumber} has no consist: leave the wagon number empty`,
        );
      }
      const holder = v.unit.kind === 'container' ? holders.get(v.unit.number) : undefined;
      if (holder) {
        fail(
          'unitNumber',
          v.unit.number,
          `container rides train ${holder.trainNumber} (${holder.trainId}), which has not arrived`,
        );
      }
      const vehicle = known.get(v.vin);
      if (!vehicle) fail('vin', v.vin, `no vehicle ${v.vin} is booked`);
      else if (vehicle.consignmentStatus === 'cancelled') fail('vin', v.vin, 'its consignment is cancelled');
      else if (vehicle.trainId !== null && vehicle.trainId !== trainId) {
        fail('vin', v.vin, `its consignment travels on train ${vehicle.trainNumber} (${vehicle.trainId})`);
      }
      toLoad.push({ vin: v.vin, unit: v.unit, wagon: wagon ? { number: wagon.number, gauge: wagon.gauge } : null });
    }
    if (errors.count) return;

    const placed = new Set(await this.loadings.placeInUnits(em, trainId, toLoad));
    if (placed.size !== toLoad.length) {
      const rowOf = new Map(listed.map((v) => [v.vin, v.row]));
      const holdersOfVins = await this.loadings.activeHolders(
        em,
        vins.filter((vin) => !placed.has(vin)),
      );
      for (const h of holdersOfVins) {
        errors.add(rowOf.get(h.vin)!, 'vin', column('vin'), h.vin, `already on train ${h.trainNumber} (${h.trainId})`);
      }
      return;
    }
    await this.loadings.putInUnits(em, toLoad);
    const consignmentIds = [...new Set([...known.values()].map((v) => v.consignmentId))];
    await this.statuses.putOnTrain(em, consignmentIds, trainId);
    await this.trainRows.recountLoadings(em, trainId);
  }
}
