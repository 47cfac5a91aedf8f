import { DomainError } from '../problems/domain-error.js';
import { decodeCursor, encodeCursor } from './keyset-cursor.js';

describe('keyset cursor', () => {
  it('round-trips a composite key', () => {
    const cursor = encodeCursor(['2024-03-20T01:30:00.000Z', 'b3c1']);
    expect(decodeCursor<[string, string]>(cursor, ['string', 'string'])).toEqual(['2024-03-20T01:30:00.000Z', 'b3c1']);
  });

  it.each([['garbage!'], [encodeCursor([1])], [encodeCursor(['a', 'b'])], ['']])(
    'rejects %p with a 422 naming the cursor',
    (cursor) => {
      try {
        decodeCursor<[number, string]>(cursor, ['number', 'string']);
        throw new Error('expected a rejection');
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).status).toBe(422);
        expect((error as DomainError).errors).toEqual([{ field: 'cursor', message: 'is not a valid cursor' }]);
      }
    },
  );
});
