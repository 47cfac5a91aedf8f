import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Caller, RowErrors, spreadsheetRows, type SpreadsheetUpload, uploadRows } from '@landbridge/common';
import { OrganizationsService } from '@landbridge/identity';
import { StationsService } from '@landbridge/reference-data';
import { DataSource } from 'typeorm';
import { type CreateConsignmentDto, MAX_VEHICLES_PER_CONSIGNMENT } from '../consignments/consignment.dto.js';
import { bookingOfRow } from './consignment-row.js';
import { ConsignmentsRepository, type NewConsignment } from '../consignments/consignments.repository.js';
import { CONSIGNMENT_COLUMNS, type ConsignmentColumn } from './manifest-columns.js';
import type { ConsignmentManifestCheckDto, ConsignmentManifestResultDto } from './manifest.dto.js';

/** The columns that describe a consignment: the rows sharing a waybill must agree on them. */
const CONSIGNMENT_FIELDS = [
  'exporterId',
  'consigneeName',
  'consigneeCountry',
  'originStationCode',
  'destinationStationCode',
] as const satisfies readonly ConsignmentColumn[];

/** A consignment of the file: what its insert needs, and the rows it came from (for errors found later). */
interface Group {
  consignment: NewConsignment & { vehicles: NewConsignment['vehicles'][number][] };
  firstRow: number;
  values: Record<(typeof CONSIGNMENT_FIELDS)[number], string>;
  rows: number[];
}

/**
 * Books the consignments of a manifest: every row validated with the booking's own DTO (check digits,
 * powertrain, country, decimal value, currency), then the file as a whole (repeated VINs, rows of one
 * waybill that disagree, stations that exist, exporters, VINs and waybills already booked: one query
 * each), then all of it in one transaction, set-based. Any error refuses the whole file, listing each
 * by row and column.
 */
@Injectable()
export class ConsignmentManifestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consignments: ConsignmentsRepository,
    private readonly organizations: OrganizationsService,
    private readonly stations: StationsService,
  ) {}

  async book(caller: Caller, upload: SpreadsheetUpload, dryRun: true): Promise<ConsignmentManifestCheckDto>;
  async book(caller: Caller, upload: SpreadsheetUpload, dryRun: false): Promise<ConsignmentManifestResultDto>;
  async book(
    caller: Caller,
    upload: SpreadsheetUpload,
    dryRun: boolean,
  ): Promise<ConsignmentManifestCheckDto | ConsignmentManifestResultDto> {
    const errors = new RowErrors();
    let columnOf = Object.fromEntries(Object.keys(CONSIGNMENT_COLUMNS).map((f) => [f, f])) as Record<
      ConsignmentColumn,
      string
    >;
    const fail = (row: number, field: ConsignmentColumn, value: string, message: string) =>
      errors.add(row, field, columnOf[field], value, message);
    const groups = new Map<string, Group>();
    const rowOfVin = new Map<string, number>();
    let rowCount = 0;

    const rows = spreadsheetRows(uploadRows(upload, errors), CONSIGNMENT_COLUMNS, errors, (header) => {
      columnOf = header.columnOf;
    });
    for await (const { row, cells } of rows) {
      rowCount += 1;
      const booking = bookingOfRow(cells, caller);
      for (const problem of booking.problems) fail(row, problem.column, cells[problem.column], problem.message);
      if (!booking.input) continue;
      const { input, exporterId } = booking;
      const vin = input.vehicles[0]!.vin;
      const seenAt = rowOfVin.get(vin);
      if (seenAt !== undefined) {
        fail(row, 'vin', cells.vin, `repeats the VIN of row ${seenAt}`);
        continue;
      }
      rowOfVin.set(vin, row);
      this.addToGroup(groups, row, input, exporterId, cells, fail);
    }
    if (!rowCount && !errors.count) errors.add(2, 'row', 'row', '', 'the file has no data rows');

    await this.checkAgainstReference(groups, fail);
    const vins = [...rowOfVin.keys()];
    const waybills = [...groups.keys()];
    await this.checkAgainstBookings(vins, waybills, rowOfVin, groups, fail);
    errors.throwIfAny();

    const result = { consignments: groups.size, vehicles: vins.length };
    if (dryRun) return result;
    const ids = await this.dataSource.transaction((em) =>
      this.consignments.insertMany(
        em,
        [...groups.values()].map((group) => group.consignment),
      ),
    );
    return { ...result, ids };
  }

  /** Adds a valid row to its waybill's consignment, unless it disagrees with the consignment's first row. */
  private addToGroup(
    groups: Map<string, Group>,
    row: number,
    input: CreateConsignmentDto,
    exporterId: string,
    cells: Record<ConsignmentColumn, string>,
    fail: (row: number, field: ConsignmentColumn, value: string, message: string) => void,
  ): void {
    const values = {
      exporterId,
      consigneeName: input.consignee.name,
      consigneeCountry: input.consignee.country,
      originStationCode: input.originStationCode,
      destinationStationCode: input.destinationStationCode,
    };
    const [vehicle] = input.vehicles;
    const newVehicle = {
      vin: vehicle!.vin,
      make: vehicle!.make,
      model: vehicle!.model,
      powertrain: vehicle!.powertrain,
      declaredValue: { amount: vehicle!.declaredValue.amount, currency: vehicle!.declaredValue.currency },
    };
    const group = groups.get(input.waybillNumber);
    if (!group) {
      groups.set(input.waybillNumber, {
        consignment: {
          waybillNumber: input.waybillNumber,
          exporterId,
          consignee: { name: values.consigneeName, country: values.consigneeCountry },
          originStationCode: values.originStationCode,
          destinationStationCode: values.destinationStationCode,
          vehicles: [newVehicle],
        },
        firstRow: row,
        values,
        rows: [row],
      });
      return;
    }
    const differing = CONSIGNMENT_FIELDS.find((field) => group.values[field] !== values[field]);
    if (differing) {
      fail(
        row,
        differing,
        cells[differing],
        `differs from row ${group.firstRow}, which has the same waybill (rows of one waybill make one consignment)`,
      );
      return;
    }
    if (group.consignment.vehicles.length >= MAX_VEHICLES_PER_CONSIGNMENT) {
      fail(row, 'waybillNumber', cells.waybillNumber, `has more than ${MAX_VEHICLES_PER_CONSIGNMENT} vehicles`);
      return;
    }
    group.consignment.vehicles.push(newVehicle);
    group.rows.push(row);
  }

  /** Stations and exporters the file names must exist (one query each); errors go on every row naming one. */
  private async checkAgainstReference(
    groups: Map<string, Group>,
    fail: (row: number, field: ConsignmentColumn, value: string, message: string) => void,
  ): Promise<void> {
    if (!groups.size) return;
    const all = [...groups.values()];
    const codes = [...new Set(all.flatMap((g) => [g.values.originStationCode, g.values.destinationStationCode]))];
    const exporterIds = [...new Set(all.map((g) => g.values.exporterId))];
    const [stations, exporters] = await Promise.all([
      this.stations.existing(codes),
      this.organizations.exporterIds(exporterIds),
    ]);
    for (const group of all) {
      for (const field of ['originStationCode', 'destinationStationCode', 'exporterId'] as const) {
        const value = group.values[field];
        const known = field === 'exporterId' ? exporters.has(value) : stations.has(value);
        if (known) continue;
        const message = field === 'exporterId' ? 'is not an exporter organization' : 'is not a known station';
        for (const row of group.rows) fail(row, field, value, message);
      }
    }
  }

  /** VINs and waybills already booked (one query each), named on their rows. */
  private async checkAgainstBookings(
    vins: string[],
    waybills: string[],
    rowOfVin: Map<string, number>,
    groups: Map<string, Group>,
    fail: (row: number, field: ConsignmentColumn, value: string, message: string) => void,
  ): Promise<void> {
    if (!vins.length) return;
    const em = this.dataSource.manager;
    const bookedVins = await this.consignments.bookedVins(em, vins);
    const takenWaybills = await this.consignments.takenWaybills(em, waybills);
    for (const vin of bookedVins) fail(rowOfVin.get(vin)!, 'vin', vin, `${vin} is already booked`);
    for (const waybill of takenWaybills) {
      for (const row of groups.get(waybill)!.rows) fail(row, 'waybillNumber', waybill, `${waybill} is already booked`);
    }
  }
}
