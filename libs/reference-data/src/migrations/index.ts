import { CreateReferenceData1795910400000 } from './1795910400000-create-reference-data.js';
import { SeedCorridor1795910400001 } from './1795910400001-seed-corridor.js';
import { StationNamesAndCoordinates1796500000000 } from './1796500000000-station-names-and-coordinates.js';

export const referenceDataMigrations = [
  CreateReferenceData1795910400000,
  SeedCorridor1795910400001,
  StationNamesAndCoordinates1796500000000,
];
