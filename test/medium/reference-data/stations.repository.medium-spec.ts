import { NotFoundError } from '@landbridge/common';
import {
  StaleStationError,
  StationCodeTakenError,
  StationCountryMismatchError,
} from '../../../libs/reference-data/src/reference-data-errors.js';
import { StationsRepository } from '../../../libs/reference-data/src/stations/stations.repository.js';
import { StationsService } from '../../../libs/reference-data/src/stations/stations.service.js';
import { type MediumDatabase, openMediumDatabase } from '../../support/medium.js';

const VORSINO = {
  code: 'RUVRS',
  name: 'Vorsino',
  localName: 'Ворсино',
  country: 'RU',
  gauge: 1520,
  kind: 'terminal',
  timezone: 'Europe/Moscow',
} as const;

describe('stations', () => {
  let db: MediumDatabase;
  let stations: StationsRepository;
  let service: StationsService;

  beforeAll(async () => {
    db = await openMediumDatabase();
    stations = new StationsRepository(db.dataSource);
    service = new StationsService(stations);
  });
  afterAll(() => db.close());

  it('pages through the seeded stations by code with a cursor', async () => {
    const first = await stations.page(5, undefined);
    expect(first.items.map((s) => s.code)).toEqual(['CNAKL', 'CNERC', 'CNMLX', 'CNZGZ', 'KZDOS']);
    const second = await stations.page(5, first.nextCursor!);
    expect(second.items.map((s) => s.code)).toEqual(['MNULN', 'MNZUU', 'RUMOW', 'RUNKI', 'RUOVB']);
    const third = await stations.page(5, second.nextCursor!);
    expect(third.items.map((s) => s.code)).toEqual(['RUYEK', 'RUZBK']);
    expect(third.nextCursor).toBeNull();
  });

  it('reads a station in camelCase, and tells which codes exist', async () => {
    expect(await stations.findByCode('MNZUU')).toEqual({
      code: 'MNZUU',
      name: 'Zamyn-Uud',
      localName: 'Замын-Үүд',
      country: 'MN',
      gauge: 1520,
      kind: 'border',
      timezone: 'Asia/Ulaanbaatar',
      version: 1,
    });
    expect([...(await service.existing(['CNZGZ', 'XXNOP', 'RUMOW']))].sort()).toEqual(['CNZGZ', 'RUMOW']);
    expect(await service.existing([])).toEqual(new Set());
  });

  it('creates a station at version 1 once; a second with its code changes nothing', async () => {
    expect(await service.create(VORSINO)).toEqual({ ...VORSINO, version: 1 });
    const again = service.create({ ...VORSINO, name: 'Overwritten' });
    await expect(again).rejects.toBeInstanceOf(StationCodeTakenError);
    await expect(again).rejects.toMatchObject({ status: 409, message: 'Station RUVRS already exists' });
    expect((await stations.findByCode('RUVRS'))!.name).toBe('Vorsino');

    const misplaced = service.create({ ...VORSINO, code: 'KZSEL' });
    await expect(misplaced).rejects.toBeInstanceOf(StationCountryMismatchError);
    await expect(misplaced).rejects.toMatchObject({
      errors: [{ field: 'code', message: 'must start with the country code RU' }],
    });
  });

  it('updates only the expected version, moving it on; a stale version is a 412 that changes nothing', async () => {
    const { code: _code, country: _country, ...fields } = VORSINO;
    await stations.insert({ ...VORSINO, code: 'RUVRT' });
    const updated = await stations.update('RUVRT', { ...fields, name: 'Vorsino 2' }, 1);
    expect(updated).toMatchObject({ code: 'RUVRT', name: 'Vorsino 2', version: 2 });
    expect(await stations.update('RUVRT', { ...fields, name: 'Stale' }, 1)).toBeUndefined();

    const stale = service.update('RUVRT', { ...fields, name: 'Stale' }, 1);
    await expect(stale).rejects.toBeInstanceOf(StaleStationError);
    await expect(stale).rejects.toMatchObject({
      status: 412,
      message: 'Station RUVRT is at version 2, not 1; reload it and try again',
    });
    expect(await service.update('RUVRT', { ...fields, name: 'Vorsino 3' })).toMatchObject({ version: 3 });
    await expect(service.update('XXNOP', fields)).rejects.toBeInstanceOf(NotFoundError);
  });
});
