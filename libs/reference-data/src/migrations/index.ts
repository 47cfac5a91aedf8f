import { CreateReferenceData1795910400000 } from './1795910400000-create-reference-data.js';
import { SeedCorridor1795910400001 } from './1795910400001-seed-corridor.js';

export const referenceDataMigrations = [CreateReferenceData1795910400000, SeedCorridor1795910400001];
