import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { IsVin } from '../identifiers/identifier-validators.js';
import { UPPER_CASE, UpperCase, upperCased } from './upper-case.js';

class Probe {
  @UpperCase()
  @IsVin()
  vin: string;

  @UpperCase()
  @IsVin({ each: true })
  vins: string[];

  @UpperCase()
  @IsString()
  waybillNumber: string;
}

const probe = (plain: Record<string, unknown>) => plainToInstance(Probe, plain);
const problems = (instance: Probe) =>
  Object.fromEntries(validateSync(instance).map((e) => [e.property, Object.values(e.constraints ?? {})]));

describe('UpperCase', () => {
  it('upper-cases a string and each string of an array, and leaves anything else as it is', () => {
    expect(upperCased('lgxch4cd3s2107503')).toBe('LGXCH4CD3S2107503');
    expect(upperCased(['smgs1', 'Csqu3054383', 7])).toEqual(['SMGS1', 'CSQU3054383', 7]);
    expect(upperCased(42)).toBe(42);
    expect(upperCased(null)).toBeNull();
    expect(upperCased(undefined)).toBeUndefined();
    expect(upperCased({ vin: 'a' })).toEqual({ vin: 'a' });
  });

  it('runs before the validators: a lower-case identifier is valid and kept upper-case', () => {
    const instance = probe({ vin: 'lgxch4cd3s2107503', vins: ['lgxch4cd3s2107503'], waybillNumber: 'smgs24030001' });
    expect(instance).toEqual(
      expect.objectContaining({ vin: 'LGXCH4CD3S2107503', vins: ['LGXCH4CD3S2107503'], waybillNumber: 'SMGS24030001' }),
    );
    expect(validateSync(instance)).toEqual([]);
  });

  it('leaves the messages of really invalid values as they were', () => {
    const plain = { vin: 'lgxch4cd4s2107503', vins: ['LGXCH4CD3S2107503', 'short'], waybillNumber: 12 };
    const withoutDecorator = {
      vin: [expect.stringMatching(/check digit/)],
      vins: [expect.stringMatching(/^item 1: /)],
      waybillNumber: ['waybillNumber must be a string'],
    };
    expect(problems(probe(plain))).toEqual(withoutDecorator);
    expect(problems(probe({ ...plain, vin: 7 }))['vin']).toHaveLength(1);
  });

  it('as a pipe, upper-cases a path parameter', () => {
    expect(UPPER_CASE.transform('lgxch4cd3s2107503')).toBe('LGXCH4CD3S2107503');
  });
});
