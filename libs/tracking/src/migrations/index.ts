import { CreateTrackingEvents1795920100000 } from './1795920100000-create-tracking-events.js';
import { TransshippedEvent1795970200000 } from './1795970200000-transshipped-event.js';
import { CreateEtaProfiles1796100000100 } from './1796100000100-create-eta-profiles.js';
import { CreateShareLinks1796400000000 } from './1796400000000-create-share-links.js';

export const trackingMigrations = [
  CreateTrackingEvents1795920100000,
  TransshippedEvent1795970200000,
  CreateEtaProfiles1796100000100,
  CreateShareLinks1796400000000,
];
