export * from './events/tracking.service.js';
export * from './events/tracking-errors.js';
export { borderDwell } from './journey/border-dwell.js';
export * from './journey/event-types.js';
export * from './journey/journey-errors.js';
export * from './migrations/index.js';
export * from './tracking.module.js';
export {
  type CompletedTrip,
  type EtaProfile,
  type EtaStop,
  learnProfiles,
  positionOf,
  predictRemaining,
  tripOf,
} from './eta/eta-model.js';
export { consignmentStatus, inTimeOrder, type JourneyEvent, trainState } from './journey/journey.js';
export { EtaRefreshModule } from './eta/eta-refresh.module.js';
export { EtaService } from './eta/eta.service.js';
