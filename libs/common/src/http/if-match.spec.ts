import { type DomainError, PreconditionFailedError } from '../problems/domain-error.js';
import { etagOf, expectedVersion } from './if-match.js';

describe('expectedVersion', () => {
  it.each([
    [undefined, undefined],
    ['*', undefined],
    ['"3"', 3],
    ['W/"12"', 12],
    [etagOf(7), 7],
  ])('reads %p as %p', (header, version) => {
    expect(expectedVersion(header)).toBe(version);
  });

  it.each([['3'], ['"three"'], ['"1", "2"']])('fails the precondition for %p', (header) => {
    expect(() => expectedVersion(header)).toThrow(PreconditionFailedError);
    try {
      expectedVersion(header);
    } catch (error) {
      expect((error as DomainError).status).toBe(412);
    }
  });
});
