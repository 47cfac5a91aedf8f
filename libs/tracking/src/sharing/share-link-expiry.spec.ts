import { expiryAllowed, expiryOf, latestExpiry } from './share-link-expiry.js';

const created = new Date('2024-03-20T00:00:00Z');
const at = (iso: string) => new Date(iso);

describe('share-link expiry', () => {
  it('keeps the expiry the creator chose, delivered or not', () => {
    const chosen = at('2024-04-01T00:00:00Z');
    expect(expiryOf({ expiresAt: chosen, createdAt: created }, null)).toEqual(chosen);
    expect(expiryOf({ expiresAt: chosen, createdAt: created }, at('2024-03-25T00:00:00Z'))).toEqual(chosen);
  });

  it('ends a default link 30 days after delivery', () => {
    expect(expiryOf({ expiresAt: null, createdAt: created }, at('2024-04-10T12:00:00Z'))).toEqual(
      at('2024-05-10T12:00:00Z'),
    );
  });

  it('ends a default link 180 days after creation while the consignment is not delivered', () => {
    expect(expiryOf({ expiresAt: null, createdAt: created }, null)).toEqual(at('2024-09-16T00:00:00Z'));
  });

  it('never lets delivery extend a default link beyond 180 days from creation', () => {
    expect(expiryOf({ expiresAt: null, createdAt: created }, at('2024-09-01T00:00:00Z'))).toEqual(
      latestExpiry(created),
    );
  });

  it('allows a chosen expiry after now and at most 180 days ahead', () => {
    expect(expiryAllowed(at('2024-03-21T00:00:00Z'), created)).toBe(true);
    expect(expiryAllowed(latestExpiry(created), created)).toBe(true);
    expect(expiryAllowed(new Date(latestExpiry(created).getTime() + 1), created)).toBe(false);
    expect(expiryAllowed(created, created)).toBe(false);
    expect(expiryAllowed(at('2024-03-19T00:00:00Z'), created)).toBe(false);
  });
});
