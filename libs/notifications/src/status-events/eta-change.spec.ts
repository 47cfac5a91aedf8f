import { isEtaChange } from './eta-change.js';

describe('when an ETA move is announced', () => {
  const at = (iso: string) => new Date(iso);

  it('announces a move of an hour or more, later or earlier', () => {
    expect(isEtaChange(at('2024-04-01T13:30:00Z'), at('2024-04-01T14:30:00Z'))).toBe(true);
    expect(isEtaChange(at('2024-04-01T13:30:00Z'), at('2024-04-02T01:30:00Z'))).toBe(true);
    expect(isEtaChange(at('2024-04-01T13:30:00Z'), at('2024-04-01T12:00:00Z'))).toBe(true);
  });

  it('keeps quiet about smaller moves and about no move', () => {
    expect(isEtaChange(at('2024-04-01T13:30:00Z'), at('2024-04-01T14:29:59.999Z'))).toBe(false);
    expect(isEtaChange(at('2024-04-01T13:30:00Z'), at('2024-04-01T12:30:00.001Z'))).toBe(false);
    expect(isEtaChange(at('2024-04-01T13:30:00Z'), at('2024-04-01T13:30:00Z'))).toBe(false);
  });

  it('announces nothing when either ETA is unknown (the status change that gives or drops one carries it)', () => {
    expect(isEtaChange(null, at('2024-04-01T13:30:00Z'))).toBe(false);
    expect(isEtaChange(at('2024-04-01T13:30:00Z'), null)).toBe(false);
    expect(isEtaChange(null, null)).toBe(false);
  });
});
