import { CreateStatusEvents1795920000000 } from './1795920000000-create-status-events.js';

export const notificationsMigrations = [CreateStatusEvents1795920000000];
