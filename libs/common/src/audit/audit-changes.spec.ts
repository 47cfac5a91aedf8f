import { auditValue, changesOf } from './audit-changes.js';

describe('audit changes', () => {
  it('gives each field set by a create as [null, value]', () => {
    expect(changesOf({ trainNumber: 'X8202', routeCode: 'ZGZ-MOW-ERC' }, undefined, undefined)).toEqual({
      trainNumber: [null, 'X8202'],
      routeCode: [null, 'ZGZ-MOW-ERC'],
    });
  });

  it('gives an update as [before, after], after as the service answered it, and leaves out fields that did not change', () => {
    expect(
      changesOf(
        { status: 'cancelled', plannedDepartureAt: '2024-03-20T09:30:00+08:00' },
        { status: 'planned', plannedDepartureAt: '2024-03-20T01:30:00.000Z' },
        { status: 'cancelled', plannedDepartureAt: '2024-03-20T01:30:00.000Z' },
      ),
    ).toEqual({ status: ['planned', 'cancelled'] });
  });

  it('never keeps a password, secret, token or key, at any depth', () => {
    const changes = changesOf(
      { password: 'hunter2-hunter2', newPassword: 'x', profile: { secret: 'whsec_1', name: 'n' }, key: 'lb_1' },
      undefined,
      undefined,
    );
    expect(changes).toEqual({
      password: [null, null],
      newPassword: [null, null],
      profile: [null, { name: 'n' }],
      key: [null, null],
    });
    expect(JSON.stringify(auditValue({ tokenHash: 'abc', apiKey: 'lb_2' }))).toBe('{}');
  });

  it('summarises a list of objects, or of more than 500 values, by its count', () => {
    expect(auditValue([{ vin: 'A' }, { vin: 'B' }])).toEqual({ count: 2 });
    expect(auditValue(Array.from({ length: 501 }, (_, i) => i))).toEqual({ count: 501 });
    expect(auditValue(['LZYTBTE62R1000101'])).toEqual(['LZYTBTE62R1000101']);
  });
});
