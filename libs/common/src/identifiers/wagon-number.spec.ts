import {
  isValidBroadGaugeWagonNumber,
  isValidUicWagonNumber,
  isValidWagonNumber,
  wagonCheckDigit,
  wagonNumberProblem,
} from './wagon-number.js';

const DIGITS = '0123456789';

/** Each number's Luhn check digit was recomputed with node before it was listed. */
const UIC_NUMBERS = [
  {
    number: '218124712173',
    source: 'Wikipedia "UIC wagon numbers", first worked example (21 81 2471 217-3)',
  },
  {
    number: '518008430010',
    source: 'Wikipedia "UIC wagon numbers", second worked example; check digit 0',
  },
  { number: '218015590845', source: "R. Suchenwirth's Tcl wiki example (21 80 155 9 084-5)" },
  {
    number: '628578900498',
    source: 'WLABmz sleeper of the Paris–Moscow express, Sladen rollingstocknumber.py tests',
  },
  {
    number: '505126180015',
    source: 'PKP double-deck coach, worked example on covalus.pl (50 51 26-18 001-5)',
  },
  // Constructed, not published: country code 33 (China) as on this project's standard-gauge leg.
  { number: '313345500018', source: 'constructed: a China Railway (33) number' },
];

/**
 * No published 8-digit broad-gauge number with a verifiable check digit was at hand, so these are
 * constructed: first digit 5 (privately owned) and 4 (flat wagon, as container flats are).
 */
const BROAD_GAUGE_NUMBERS = [
  { number: '54683529', source: 'constructed (the digits 5468352 with their check digit 9)' },
  { number: '42549014', source: 'constructed flat wagon' },
];

function replaceAt(text: string, index: number, char: string): string {
  return text.slice(0, index) + char + text.slice(index + 1);
}

function singleDigitSubstitutions(number: string): string[] {
  const result: string[] = [];
  for (let i = 0; i < number.length; i++) {
    for (const digit of DIGITS) {
      if (digit !== number[i]) result.push(replaceAt(number, i, digit));
    }
  }
  return result;
}

describe('wagon number', () => {
  describe.each([...UIC_NUMBERS, ...BROAD_GAUGE_NUMBERS])('example $number ($source)', ({ number }) => {
    const substitutions = singleDigitSubstitutions(number);

    it('is valid', () => {
      expect(isValidWagonNumber(number)).toBe(true);
      expect(wagonNumberProblem(number)).toBeNull();
    });

    it('carries the check digit computed for it', () => {
      expect(wagonCheckDigit(number.slice(0, -1))).toBe(number.slice(-1));
    });

    it('rejects every one of its single-digit substitutions (Luhn catches them all)', () => {
      expect(substitutions).toHaveLength(number.length * 9);
      expect(substitutions.filter((corrupted) => isValidWagonNumber(corrupted))).toEqual([]);
      for (const corrupted of substitutions) {
        expect(wagonNumberProblem(corrupted)).toMatch(/^check digit mismatch: expected [0-9]$/);
      }
    });
  });

  describe.each(UIC_NUMBERS)('UIC number $number', ({ number }) => {
    it('is a UIC number and not a broad-gauge one', () => {
      expect(isValidUicWagonNumber(number)).toBe(true);
      expect(isValidBroadGaugeWagonNumber(number)).toBe(false);
    });
  });

  describe.each(BROAD_GAUGE_NUMBERS)('broad-gauge number $number', ({ number }) => {
    it('is a broad-gauge number and not a UIC one', () => {
      expect(isValidBroadGaugeWagonNumber(number)).toBe(true);
      expect(isValidUicWagonNumber(number)).toBe(false);
    });
  });

  describe('wagonCheckDigit', () => {
    it('follows the worked example: 2 1 8 1 2 4 7 1 2 1 7 sums to 37, so 3', () => {
      expect(wagonCheckDigit('21812471217')).toBe('3');
    });

    it('gives 0, not 10, when the sum is already a multiple of ten', () => {
      expect(wagonCheckDigit('51800843001')).toBe('0');
    });

    it.each([
      ['a whole 12-digit number', '218124712173'],
      ['10 digits', '2181247121'],
      ['8 digits', '54683529'],
      ['6 digits', '546835'],
      ['nothing', ''],
      ['spaces', '21 81 2471 217'],
      ['a letter', '2181247121A'],
    ])('is null for %s', (_, digits) => {
      expect(wagonCheckDigit(digits)).toBeNull();
    });
  });

  describe('wagonNumberProblem', () => {
    it('says which check digit was expected', () => {
      expect(wagonNumberProblem('218124712174')).toBe('check digit mismatch: expected 3');
      expect(wagonNumberProblem('54683524')).toBe('check digit mismatch: expected 9');
    });

    it.each([
      ['spaces, as painted on the wagon', '21 81 2471 217-3'],
      ['a hyphen before the check digit', '21812471217-3'],
      ['a letter', '2181247121A3'],
      ['a sign', '+54683529'],
      ['full-width digits', '５４６８３５２９'],
    ])('rejects a number with %s', (_, value) => {
      expect(wagonNumberProblem(value)).toBe('must contain digits only');
      expect(isValidWagonNumber(value)).toBe(false);
      expect(isValidUicWagonNumber(value)).toBe(false);
      expect(isValidBroadGaugeWagonNumber(value)).toBe(false);
    });

    it.each(['', '5468352', '218124712', '2181247121733', '0000000000'])(
      'rejects %j: neither 12 nor 8 digits',
      (value) => {
        expect(wagonNumberProblem(value)).toBe('must be 12 digits (UIC) or 8 digits (1520 mm broad gauge)');
      },
    );

    it.each([undefined, null, 54683529, 218124712173, ['54683529']])('rejects the non-string %p', (value) => {
      expect(wagonNumberProblem(value)).toBe('must be a string');
      expect(isValidWagonNumber(value)).toBe(false);
      expect(isValidUicWagonNumber(value)).toBe(false);
      expect(isValidBroadGaugeWagonNumber(value)).toBe(false);
    });
  });

  describe('examples that circulate but do not hold', () => {
    it.each([
      // Both offered as real numbers when this code was commissioned.
      ['338044501513', '2'],
      ['54683524', '9'],
    ])('rejects %s (its check digit should be %s)', (number, expected) => {
      expect(wagonNumberProblem(number)).toBe(`check digit mismatch: expected ${expected}`);
    });
  });
});
