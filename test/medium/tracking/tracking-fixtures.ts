import { StationsService } from '@landbridge/reference-data';
import type { DataSource } from 'typeorm';
import { StationsRepository } from '../../../libs/reference-data/src/stations/stations.repository.js';
import { TrackingEventsRepository } from '../../../libs/tracking/src/events/tracking-events.repository.js';
import { TrackingService } from '../../../libs/tracking/src/events/tracking.service.js';
import { EtaProfilesRepository } from '../../../libs/tracking/src/eta/eta-profiles.repository.js';
import { EtaService } from '../../../libs/tracking/src/eta/eta.service.js';
import { type Operations, routesStub } from '../operations/operations-fixtures.js';

/** The tracking service on a real database, recording through operations' services (`ops`). */
export function trackingOn(dataSource: DataSource, ops: Operations, events = new TrackingEventsRepository(dataSource)) {
  const stations = new StationsService(new StationsRepository(dataSource));
  return new TrackingService(
    dataSource,
    events,
    stations,
    ops.trains,
    ops.consignments,
    ops.writer,
    routesStub,
    ops.equipment,
    new EtaService(dataSource, new EtaProfilesRepository(dataSource), routesStub, stations),
  );
}
