import { DomainError } from '../problems/domain-error.js';
import { decodeCursor, encodeCursor } from './keyset-cursor.js';

const ID = 'b3c1a0e2-4f1d-4c3e-9a55-0f1e2d3c4b5a';

describe('keyset cursor', () => {
  it('round-trips a composite key', () => {
    const cursor = encodeCursor(['2024-03-20T01:30:00.123456Z', ID]);
    expect(decodeCursor(cursor, ['instant', 'uuid'])).toEqual(['2024-03-20T01:30:00.123456Z', ID]);
    expect(decodeCursor(encodeCursor([42, 'CNZGZ']), ['int', 'text'])).toEqual([42, 'CNZGZ']);
  });

  it.each([
    ['garbage!', ['int', 'text']],
    [encodeCursor([1]), ['int', 'text']],
    [encodeCursor(['a', 'b']), ['int', 'text']],
    ['', ['int', 'text']],
    // the right number of parts, of the wrong kind: these reached a ::timestamptz / ::uuid cast in SQL
    [encodeCursor(['not-a-time', 'x']), ['instant', 'uuid']],
    [encodeCursor(['2024-03-20T01:30:00Z', 'not-a-uuid']), ['instant', 'uuid']],
    [encodeCursor(['0000-00-00T00:00:00Z', ID]), ['instant', 'uuid']],
    [encodeCursor(['2024-13-45T99:00:00Z', ID]), ['instant', 'uuid']],
    [encodeCursor(['2023-02-29T00:00:00Z', ID]), ['instant', 'uuid']],
    [encodeCursor(['2024-03-20 01:30:00+08', ID]), ['instant', 'uuid']],
    [encodeCursor([1.5, 'a']), ['int', 'text']],
    [encodeCursor([2 ** 60, 'a']), ['int', 'text']],
    [encodeCursor([1, 'a\u0000b']), ['int', 'text']],
    [encodeCursor([1, 'x'.repeat(201)]), ['int', 'text']],
    [encodeCursor([{}, []] as unknown as string[]), ['int', 'text']],
  ] as const)('rejects %p with a 422 naming the cursor', (cursor, shape) => {
    try {
      decodeCursor(cursor, shape);
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).status).toBe(422);
      expect((error as DomainError).errors).toEqual([{ field: 'cursor', message: 'is not a valid cursor' }]);
    }
  });
});
