import { Injectable } from '@nestjs/common';
import { type Caller, type SpreadsheetCell, type SpreadsheetFile } from '@landbridge/common';
import { OrganizationsService } from '@landbridge/identity';
import type { ConsignmentListQueryDto } from '../consignments/consignment.dto.js';
import { ConsignmentsService } from '../consignments/consignments.service.js';
import { TrainsService } from '../trains/trains.service.js';
import { CONSIGNMENT_HEADER, TOTAL_MARKER, TRAIN_MANIFEST_COLUMNS } from './manifest-columns.js';
import { ManifestsRepository, type TrainManifestRow } from './manifests.repository.js';

/** The column of declared values, written as numbers in XLSX so that a spreadsheet sums them. */
const DECIMAL_COLUMNS = ['declaredValue'];

/** Manifests out: a train's loading list by wagon and container, and consignments as a booking manifest. */
@Injectable()
export class ManifestsService {
  constructor(
    private readonly manifests: ManifestsRepository,
    private readonly trains: TrainsService,
    private readonly consignments: ConsignmentsService,
    private readonly organizations: OrganizationsService,
  ) {}

  /**
   * The train's manifest: its vehicles by wagon and container, then a row of empty cells and the totals
   * per exporter (by name) and currency. 404 when there is no such train (before any row is read).
   */
  async trainManifest(trainId: string): Promise<SpreadsheetFile> {
    const train = await this.trains.get(trainId);
    const names = await this.organizations.namesOf(await this.manifests.exportersOnTrain(trainId));
    const rows = this.manifests.trainManifest(trainId);
    async function* cells(): AsyncGenerator<SpreadsheetCell[]> {
      const totals: TrainManifestRow[] = [];
      for await (const row of rows) {
        if (row.vehicleCount !== null) totals.push(row);
        else yield manifestCells(row, names.get(row.exporterId));
      }
      if (!totals.length) return;
      yield TRAIN_MANIFEST_COLUMNS.map(() => '');
      const byName = totals.map((row) => ({ row, name: names.get(row.exporterId) ?? row.exporterId }));
      byName.sort((a, b) => a.name.localeCompare(b.name) || a.row.currency.localeCompare(b.row.currency));
      for (const { row, name } of byName) yield manifestCells({ ...row, wagonNumber: TOTAL_MARKER }, name);
    }
    return {
      name: `manifest-${train.trainNumber}`,
      sheetName: 'Manifest',
      header: TRAIN_MANIFEST_COLUMNS,
      rows: cells(),
      decimalColumns: DECIMAL_COLUMNS,
    };
  }

  /** The consignments the filters match, one row per vehicle, scoped to the caller as the JSON list. */
  consignmentList(caller: Caller, query: ConsignmentListQueryDto): SpreadsheetFile {
    const rows = this.consignments.vehicleRows(caller, query);
    async function* cells(): AsyncGenerator<SpreadsheetCell[]> {
      for await (const row of rows) yield CONSIGNMENT_HEADER.map((column) => row[column]);
    }
    return {
      name: 'consignments',
      sheetName: 'Consignments',
      header: CONSIGNMENT_HEADER,
      rows: cells(),
      decimalColumns: DECIMAL_COLUMNS,
    };
  }
}

function manifestCells(row: TrainManifestRow, exporter: string | undefined): SpreadsheetCell[] {
  return TRAIN_MANIFEST_COLUMNS.map((column) => (column === 'exporter' ? exporter : row[column]));
}
