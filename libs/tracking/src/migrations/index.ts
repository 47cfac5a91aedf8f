import { CreateTrackingEvents1795920100000 } from './1795920100000-create-tracking-events.js';

export const trackingMigrations = [CreateTrackingEvents1795920100000];
