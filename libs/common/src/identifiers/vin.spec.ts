import { isValidVin, vinCheckDigit, vinProblem } from './vin.js';

// Written out here rather than imported, so the spec does not trust the code it tests.
const ISO_3779_ALPHABET = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';

/** Characters with the same transliterated value, hence interchangeable as far as the check digit sees. */
// prettier-ignore
const SAME_VALUE = ['0', '1AJ', '2BKS', '3CLT', '4DMU', '5ENV', '6FW', '7GPX', '8HY', '9RZ'];
const CHECK_DIGIT_INDEX = 8;

/**
 * VINs published with a check digit that holds; each one's check digit was recomputed (with node, from
 * DOMAIN.md's table and weights) before it was listed here.
 */
const PUBLISHED_VINS = [
  // Remainder 10, written X.
  {
    vin: '1M8GDM9AXKP042788',
    source: "Wikipedia's worked check-digit example (a hypothetical VIN)",
  },
  { vin: '11111111111111111', source: 'all ones, the classic check-digit test value' },
  { vin: '1HGCM82633A004352', source: '2003 Honda Accord EX, a long-standing VIN-decoder example' },
  { vin: '5N1NJ01CXST000001', source: 'Nissan, test suite of the vin-info Rust crate' },
  // Made in China (first character L), like the vehicles this project tracks.
  {
    vin: 'LJCPCBLCX11000237',
    source: 'JAC (WMI LJC), VIN plate photographed in scientificgems 2018',
  },
  {
    vin: 'LRW3E7FSXPC660715',
    source: 'Tesla Giga Shanghai (WMI LRW), Home Assistant test fixture',
  },
  { vin: 'LGXCH4CD3S2107503', source: 'BYD (WMI LGX), test of a public registration-card parser' },
];

function replaceAt(text: string, index: number, char: string): string {
  return text.slice(0, index) + char + text.slice(index + 1);
}

function sameValue(a: string, b: string): boolean {
  return SAME_VALUE.some((group) => group.includes(a) && group.includes(b));
}

/**
 * Every VIN that differs from `vin` in exactly one position, by a character of the ISO 3779 alphabet,
 * split into the ones the check digit must catch and the ones it cannot: a same-value substitution
 * outside position 9. At position 9 the character is compared, not transliterated, so all are caught.
 */
function singleSubstitutions(vin: string): { caught: string[]; undetectable: string[] } {
  const caught: string[] = [];
  const undetectable: string[] = [];
  for (let i = 0; i < vin.length; i++) {
    for (const char of ISO_3779_ALPHABET) {
      if (char === vin[i]) continue;
      const corrupted = replaceAt(vin, i, char);
      if (i !== CHECK_DIGIT_INDEX && sameValue(char, vin[i]!)) undetectable.push(corrupted);
      else caught.push(corrupted);
    }
  }
  return { caught, undetectable };
}

describe('VIN (ISO 3779)', () => {
  describe.each(PUBLISHED_VINS)('published example $vin ($source)', ({ vin }) => {
    const { caught, undetectable } = singleSubstitutions(vin);

    it('is valid', () => {
      expect(isValidVin(vin)).toBe(true);
      expect(vinProblem(vin)).toBeNull();
    });

    it('carries the check digit computed for it', () => {
      expect(vinCheckDigit(vin)).toBe(vin[CHECK_DIGIT_INDEX]);
    });

    it('has 17 × 32 single-character substitutions to try', () => {
      expect(caught.length + undetectable.length).toBe(17 * (ISO_3779_ALPHABET.length - 1));
    });

    it('rejects every single-character substitution that changes a transliterated value, and any at position 9', () => {
      expect(caught.filter((corrupted) => isValidVin(corrupted))).toEqual([]);
      for (const corrupted of caught) {
        expect(vinProblem(corrupted)).toMatch(/^check digit mismatch: expected [0-9X]$/);
      }
    });

    it('still accepts a substitution by a same-value character (A↔J↔1, B↔K↔S↔2 …): the check digit cannot see it', () => {
      expect(undetectable.filter((corrupted) => !isValidVin(corrupted))).toEqual([]);
    });
  });

  it('names the exact weakness: JM8GDM9AXKP042788 passes because J and 1 are both worth 1', () => {
    expect(isValidVin('JM8GDM9AXKP042788')).toBe(true);
    expect(isValidVin('AM8GDM9AXKP042788')).toBe(true);
    expect(isValidVin('2M8GDM9AXKP042788')).toBe(false);
  });

  describe('vinCheckDigit', () => {
    it('ignores whatever stands at position 9, as its weight is 0', () => {
      expect(vinCheckDigit('1M8GDM9A0KP042788')).toBe('X');
      expect(vinCheckDigit('1HGCM826Z3A004352')).toBe('3');
    });

    it('writes a remainder of 10 as X', () => {
      expect(vinCheckDigit('5N1NJ01C0ST000001')).toBe('X');
    });

    it.each([
      ['too short', '1M8GDM9AXKP04278'],
      ['too long', '1M8GDM9AXKP0427880'],
      ['lowercase', '1m8gdm9axkp042788'],
      ['letter O', '1M8GDM9AXKP0427O8'],
      ['space', '1M8GDM9AX P042788'],
    ])('is null when the VIN is %s', (_, vin) => {
      expect(vinCheckDigit(vin)).toBeNull();
    });
  });

  describe('vinProblem', () => {
    it('says which check digit was expected', () => {
      expect(vinProblem('1M8GDM9A1KP042788')).toBe('check digit mismatch: expected X');
      expect(vinProblem('1HGCM82643A004352')).toBe('check digit mismatch: expected 3');
    });

    it.each(['', '1M8GDM9AXKP04278', '1M8GDM9AXKP0427880', ' 1M8GDM9AXKP042788'])(
      'rejects %j as the wrong length',
      (vin) => {
        expect(vinProblem(vin)).toBe('must be 17 characters');
      },
    );

    it.each([
      ['lowercase, not normalised', '1m8gdm9axkp042788'],
      ['one lowercase letter', '1M8GDM9AxKP042788'],
      ['I', '1M8GDM9AXKP0427I8'],
      ['O', 'O1111111111111111'],
      ['Q', '1111111111111111Q'],
      ['a hyphen', '1M8GDM9AX-P042788'],
      ['a Cyrillic А', '1M8GDM9АXKP042788'],
    ])('rejects a VIN containing %s', (_, vin) => {
      expect(vin).toHaveLength(17);
      expect(vinProblem(vin)).toBe('contains I, O or Q or a character outside ISO 3779');
      expect(isValidVin(vin)).toBe(false);
    });

    it('rejects a VIN whose check digit is a letter other than X', () => {
      expect(vinProblem('1M8GDM9AAKP042788')).toBe('check digit mismatch: expected X');
    });

    it.each([undefined, null, 1111111111111111, ['11111111111111111'], { vin: '11111111111111111' }])(
      'rejects the non-string %p',
      (value) => {
        expect(vinProblem(value)).toBe('must be a string');
        expect(isValidVin(value)).toBe(false);
      },
    );
  });

  describe('examples that circulate but do not hold', () => {
    it.each([
      // Offered as a real Tesla Model S VIN when this code was commissioned; its digits give 8, not 4.
      ['5YJSA1E14HF000337', '8'],
      // A plausible-looking BYD VIN offered at the same time; it would need 0.
      ['LGXCE4CB5P0000001', '0'],
    ])('rejects %s (its check digit should be %s)', (vin, expected) => {
      expect(vinProblem(vin)).toBe(`check digit mismatch: expected ${expected}`);
    });
  });
});
