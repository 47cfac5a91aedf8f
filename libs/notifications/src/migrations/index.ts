import { CreateStatusEvents1795920000000 } from './1795920000000-create-status-events.js';
import { CreateWebhooks1795920200000 } from './1795920200000-create-webhooks.js';
import { CreateBrokerPositions1795920300000 } from './1795920300000-create-broker-positions.js';
import { CreateSecretEncryptionKeys1795940000100 } from './1795940000100-create-secret-encryption-keys.js';
import { UpdateEventTypes1795960200000 } from './1795960200000-update-event-types.js';
import { TransshippedUpdateType1795970200100 } from './1795970200100-transshipped-update-type.js';

export const notificationsMigrations = [
  CreateStatusEvents1795920000000,
  CreateWebhooks1795920200000,
  CreateBrokerPositions1795920300000,
  CreateSecretEncryptionKeys1795940000100,
  UpdateEventTypes1795960200000,
  TransshippedUpdateType1795970200100,
];
