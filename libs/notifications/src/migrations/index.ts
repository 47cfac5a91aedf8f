import { CreateStatusEvents1795920000000 } from './1795920000000-create-status-events.js';
import { CreateWebhooks1795920200000 } from './1795920200000-create-webhooks.js';
import { CreateBrokerPositions1795920300000 } from './1795920300000-create-broker-positions.js';

export const notificationsMigrations = [
  CreateStatusEvents1795920000000,
  CreateWebhooks1795920200000,
  CreateBrokerPositions1795920300000,
];
