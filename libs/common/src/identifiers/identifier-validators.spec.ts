import { IsOptional, validate, type ValidationError } from 'class-validator';
import { IsContainerNumber, IsVin, IsWagonNumber } from './identifier-validators.js';

class LoadVehicleDto {
  @IsVin() vin!: unknown;
  @IsContainerNumber() containerNumber!: unknown;
  @IsWagonNumber() wagonNumber!: unknown;
}

class ManifestDto {
  @IsVin({ each: true }) vins!: unknown;
  @IsOptional()
  @IsWagonNumber({ message: 'is not a wagon number we can read' })
  wagonNumber?: unknown;
}

function dto<T extends object>(type: new () => T, values: Record<string, unknown>): T {
  return Object.assign(new type(), values);
}

/** property → { constraint → message } for each failing property. */
function constraintsOf(errors: ValidationError[]): Record<string, Record<string, string> | undefined> {
  return Object.fromEntries(errors.map((error) => [error.property, error.constraints]));
}

const VALID = {
  vin: '1M8GDM9AXKP042788',
  containerNumber: 'CSQU3054383',
  wagonNumber: '218124712173',
};

describe('identifier validators', () => {
  it('passes valid identifiers: a VIN, a container number and a UIC wagon number', async () => {
    expect(await validate(dto(LoadVehicleDto, VALID))).toEqual([]);
  });

  it('passes an 8-digit broad-gauge wagon number', async () => {
    expect(await validate(dto(LoadVehicleDto, { ...VALID, wagonNumber: '54683529' }))).toEqual([]);
  });

  it('fails corrupted identifiers with the reason, naming the expected check digit', async () => {
    const errors = await validate(
      dto(LoadVehicleDto, {
        vin: '1M8GDM9A5KP042788',
        containerNumber: 'CSQU3054384',
        wagonNumber: '218124712174',
      }),
    );
    expect(constraintsOf(errors)).toEqual({
      vin: { isVin: 'check digit mismatch: expected X' },
      containerNumber: { isContainerNumber: 'check digit mismatch: expected 3' },
      wagonNumber: { isWagonNumber: 'check digit mismatch: expected 3' },
    });
  });

  it('reports format problems the same way', async () => {
    const errors = await validate(
      dto(LoadVehicleDto, {
        vin: '1m8gdm9axkp042788',
        containerNumber: 'CSQX3054383',
        wagonNumber: '5468352',
      }),
    );
    expect(constraintsOf(errors)).toEqual({
      vin: { isVin: 'contains I, O or Q or a character outside ISO 3779' },
      containerNumber: { isContainerNumber: 'category letter must be U, J or Z' },
      wagonNumber: { isWagonNumber: 'must be 12 digits (UIC) or 8 digits (1520 mm broad gauge)' },
    });
  });

  it('fails missing and non-string values', async () => {
    const errors = await validate(
      dto(LoadVehicleDto, { vin: undefined, containerNumber: null, wagonNumber: 218124712173 }),
    );
    expect(constraintsOf(errors)).toEqual({
      vin: { isVin: 'must be a string' },
      containerNumber: { isContainerNumber: 'must be a string' },
      wagonNumber: { isWagonNumber: 'must be a string' },
    });
  });

  describe('with { each: true }', () => {
    it('passes an array of valid VINs', async () => {
      const manifest = dto(ManifestDto, { vins: ['1M8GDM9AXKP042788', 'LJCPCBLCX11000237'] });
      expect(await validate(manifest)).toEqual([]);
    });

    it('names the first bad element and its reason', async () => {
      const manifest = dto(ManifestDto, {
        vins: ['1M8GDM9AXKP042788', 'LJCPCBLC311000237', 'short'],
      });
      expect(constraintsOf(await validate(manifest))).toEqual({
        vins: { isVin: 'item 1: check digit mismatch: expected X' },
      });
    });

    it('checks the elements of a Set too', async () => {
      const manifest = dto(ManifestDto, {
        vins: new Set(['1M8GDM9AXKP042788', '1M8GDM9AXKP04278']),
      });
      expect(constraintsOf(await validate(manifest))).toEqual({
        vins: { isVin: 'item 1: must be 17 characters' },
      });
    });
  });

  it('lets a message option override the default reason', async () => {
    const manifest = dto(ManifestDto, { vins: [], wagonNumber: '54683524' });
    expect(constraintsOf(await validate(manifest))).toEqual({
      wagonNumber: { isWagonNumber: 'is not a wagon number we can read' },
    });
  });

  it('works with @IsOptional: an absent wagon number is not checked', async () => {
    expect(await validate(dto(ManifestDto, { vins: [] }))).toEqual([]);
  });
});
