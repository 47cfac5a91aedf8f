import { NoIdentifierGivenError } from '../reference-data-errors.js';
import { checkIdentifier, validateIdentifiers } from './identifier-check.js';

describe('checkIdentifier', () => {
  it.each([
    ['vin', 'LZYJCGD4XR1000102'],
    ['vin', '1M8GDM9AXKP042788'],
    ['container', 'CSQU3054383'],
    ['container', 'TBJU2403166'],
    ['wagon', '218124712173'],
    ['wagon', '313345661232'],
    ['wagon', '54683529'],
  ] as const)('finds the %s %s valid, with nothing more to say', (kind, value) => {
    expect(checkIdentifier(kind, value)).toEqual({ value, valid: true });
  });

  it.each([
    ['vin', 'LZYJCGD41R1000102', 'X'],
    ['vin', 'LZYTBTE60R1000101', '2'],
    ['container', 'CSQU3054384', '3'],
    ['wagon', '218124712174', '3'],
    ['wagon', '54683520', '9'],
  ] as const)('names the check digit the %s %s should carry', (kind, value, digit) => {
    expect(checkIdentifier(kind, value)).toEqual({
      value,
      valid: false,
      reason: `check digit mismatch: expected ${digit}`,
      expectedCheckDigit: digit,
    });
  });

  it.each([
    ['container', 'CSQU305438', '3'],
    ['container', 'TBJU240316', '6'],
    ['wagon', '21812471217', '3'],
    ['wagon', '5468352', '9'],
  ] as const)('gives the check digit to append to the %s %s, which lacks it', (kind, value, digit) => {
    expect(checkIdentifier(kind, value)).toEqual({
      value,
      valid: false,
      reason: `check digit missing: expected ${digit}`,
      expectedCheckDigit: digit,
    });
  });

  it('gives the check digit of a container number whose last character is not a digit', () => {
    expect(checkIdentifier('container', 'CSQU305438X')).toEqual({
      value: 'CSQU305438X',
      valid: false,
      reason: 'serial number and check digit must be 7 digits',
      expectedCheckDigit: '3',
    });
  });

  it.each([
    ['vin', 'LZYJCGD4XR100010', 'must be 17 characters'],
    ['vin', 'LZYJCGD4XR100010O', 'contains I, O or Q or a character outside ISO 3779'],
    ['vin', '', 'must be 17 characters'],
    ['container', 'CSQX3054383', 'category letter must be U, J or Z'],
    ['container', 'CSQU 305438 3', 'must be 11 characters, e.g. CSQU3054383'],
    ['wagon', '2181247121', 'must be 12 digits (UIC) or 8 digits (1520 mm broad gauge)'],
    ['wagon', '21-81-2471-217-3', 'must contain digits only'],
  ] as const)('says why the %s %j is malformed, without a check digit to offer', (kind, value, reason) => {
    expect(checkIdentifier(kind, value)).toEqual({ value, valid: false, reason });
  });
});

describe('validateIdentifiers', () => {
  it('checks each identifier given and is valid only when all of them are', () => {
    expect(validateIdentifiers({ vin: 'LZYJCGD4XR1000102', wagon: '313345661232' })).toEqual({
      valid: true,
      vin: { value: 'LZYJCGD4XR1000102', valid: true },
      wagon: { value: '313345661232', valid: true },
    });
    expect(validateIdentifiers({ vin: 'LZYJCGD4XR1000102', container: 'TBJU2403160' })).toEqual({
      valid: false,
      vin: { value: 'LZYJCGD4XR1000102', valid: true },
      container: {
        value: 'TBJU2403160',
        valid: false,
        reason: 'check digit mismatch: expected 6',
        expectedCheckDigit: '6',
      },
    });
  });

  it('refuses to check nothing, naming each field that could have been given', () => {
    const thrown = (() => {
      try {
        return validateIdentifiers({});
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(NoIdentifierGivenError);
    expect(thrown).toMatchObject({
      status: 422,
      slug: 'no-identifier-given',
      errors: ['vin', 'container', 'wagon'].map((field) => ({
        field,
        message: 'at least one of vin, container, wagon is required',
      })),
    });
  });
});
