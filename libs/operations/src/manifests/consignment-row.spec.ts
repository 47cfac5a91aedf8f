import { describe, expect, it } from '@jest/globals';
import type { Caller } from '@landbridge/common';
import { bookingOfRow } from './consignment-row.js';
import type { ConsignmentColumn } from './manifest-columns.js';

const OWN = 'c2a7e3d1-5b6f-4c8e-a9d0-1f2e3b4c5d6e';
const OTHER = '3b9d6f0e-2c4a-4e8b-9f1d-7a5c2e8b4d61';
const exporter: Caller = { userId: 'u1', role: 'exporter', organizationId: OWN, credential: { kind: 'token' } };
const operator: Caller = { ...exporter, role: 'operator', organizationId: OTHER };

const row = (overrides: Partial<Record<ConsignmentColumn, string>> = {}): Record<ConsignmentColumn, string> => ({
  waybillNumber: 'smgs24030001',
  exporterId: '',
  consigneeName: '=HYPERLINK("x")',
  consigneeCountry: 'RU',
  originStationCode: 'CNZGZ',
  destinationStationCode: 'RUMOW',
  vin: 'lgxch4cd3s2107503',
  make: 'BYD',
  model: 'Song PLUS DM-i',
  powertrain: 'PHEV',
  declaredValue: '152000.5',
  currency: 'CNY',
  ...overrides,
});

const columns = (booking: ReturnType<typeof bookingOfRow>) => booking.problems.map((p) => p.column);

describe('a manifest row as a booking', () => {
  it('maps a row to the booking DTO, upper-casing as the JSON path does; an exporter’s rows are its own', () => {
    const booking = bookingOfRow(row(), exporter);
    expect(booking.problems).toEqual([]);
    expect(booking.input).toMatchObject({
      waybillNumber: 'SMGS24030001',
      exporterId: OWN,
      consignee: { name: '=HYPERLINK("x")', country: 'RU' },
      vehicles: [{ vin: 'LGXCH4CD3S2107503', declaredValue: { amount: '152000.5', currency: 'CNY' } }],
    });
  });

  it('names the column of each value the booking DTO refuses', () => {
    const booking = bookingOfRow(
      row({
        vin: 'LGXCH4CD1S2107503',
        declaredValue: '12,50',
        currency: 'XXY',
        powertrain: 'diesel',
        consigneeCountry: 'RUS',
      }),
      exporter,
    );
    expect(columns(booking).sort()).toEqual(['consigneeCountry', 'currency', 'declaredValue', 'powertrain', 'vin']);
    expect(booking.problems.find((p) => p.column === 'vin')!.message).toBe('check digit mismatch: expected 3');
  });

  it('refuses another organization for an exporter, and a missing exporter for staff', () => {
    expect(columns(bookingOfRow(row({ exporterId: OTHER }), exporter))).toEqual(['exporterId']);
    expect(columns(bookingOfRow(row(), operator))).toEqual(['exporterId']);
    expect(bookingOfRow(row({ exporterId: OWN }), operator).problems).toEqual([]);
  });

  it('refuses the same station as origin and destination', () => {
    expect(columns(bookingOfRow(row({ destinationStationCode: 'CNZGZ' }), exporter))).toEqual([
      'destinationStationCode',
    ]);
  });
});
