import { acceptsLoading, canTransition, TRAIN_STATUSES } from './train-status.js';

describe('train status machine', () => {
  it.each([
    ['planned', 'loading'],
    ['loading', 'departed'],
    ['departed', 'arrived'],
    ['arrived', 'closed'],
    ['planned', 'cancelled'],
    ['loading', 'cancelled'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each([
    ['departed', 'cancelled'],
    ['arrived', 'departed'],
    ['closed', 'planned'],
    ['cancelled', 'planned'],
    ['planned', 'arrived'],
  ] as const)('forbids %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('accepts loadings only before departure', () => {
    expect(TRAIN_STATUSES.filter(acceptsLoading)).toEqual(['planned', 'loading']);
  });
});
