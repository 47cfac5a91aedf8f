import { SpreadsheetUpload } from '../spreadsheets/spreadsheet-upload.js';
import { auditValue, changesOf, uploadChanges } from './audit-changes.js';

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

  it('keeps bytes (a Buffer, a typed array) as their size, never byte by byte', () => {
    expect(auditValue({ file: Buffer.alloc(70_000) })).toEqual({ file: { bytes: 70_000 } });
    expect(auditValue(new Uint8Array(12))).toEqual({ bytes: 12 });
  });

  it('gives a spreadsheet upload as its format, hash and size and what the answer counts', () => {
    const upload = new SpreadsheetUpload(Buffer.from('vin,unitKind,unitNumber\r\nABC,container,X'), 'csv');
    const changes = uploadChanges(upload, { trainId: 't', loaded: 1, units: 1, ids: ['a', 'b'] });
    expect(changes).toEqual({
      file: [null, { format: 'csv', sha256: upload.sha256, size: upload.bytes.byteLength }],
      loaded: [null, 1],
      units: [null, 1],
      ids: [null, { count: 2 }],
    });
    expect(JSON.stringify(changes).length).toBeLessThan(200);
  });

  it('stores a lone surrogate of an unchecked body as U+FFFD, which jsonb accepts, keeping pairs whole', () => {
    expect(changesOf({ a: '\ud800', ['\udc00']: 1, b: 'ok \ud83d\ude82' }, undefined, undefined)).toEqual({
      a: [null, '\ufffd'],
      ['\ufffd']: [null, 1],
      b: [null, 'ok \ud83d\ude82'],
    });
  });
});
