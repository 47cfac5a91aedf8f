import { comparePositions, earliestPosition, laterPosition } from './feed-position.js';

const at = (tx: string, seq: string) => ({ tx, seq });

describe('feed positions', () => {
  it('order by transaction, then by sequence number, as numbers', () => {
    expect(comparePositions(at('9', '500'), at('10', '1'))).toBeLessThan(0);
    expect(comparePositions(at('10', '1'), at('9', '500'))).toBeGreaterThan(0);
    expect(comparePositions(at('10', '9'), at('10', '10'))).toBeLessThan(0);
    expect(comparePositions(at('10', '10'), at('10', '10'))).toBe(0);
    expect(comparePositions(at('10', '0'), at('10', '1'))).toBeLessThan(0);
  });

  it('compare values beyond 2^53 exactly', () => {
    expect(comparePositions(at('9007199254740993', '1'), at('9007199254740992', '1'))).toBeGreaterThan(0);
    expect(comparePositions(at('18446744073709551615', '1'), at('18446744073709551614', '2'))).toBeGreaterThan(0);
  });

  it('pick the later and the earliest', () => {
    expect(laterPosition(at('7', '3'), at('7', '12'))).toEqual(at('7', '12'));
    expect(laterPosition(at('70', '3'), at('7', '12'))).toEqual(at('70', '3'));
    expect(earliestPosition([at('12', '1'), at('3', '40'), at('3', '5')])).toEqual(at('3', '5'));
    expect(earliestPosition([])).toBeUndefined();
  });
});
