export * from './operations.module.js';
export * from './migrations/index.js';
export * from './trains/trains.service.js';
export * from './trains/train-state.js';
export * from './trains/train-status.js';
export * from './trains/train-errors.js';
export { IsTrainNumber } from './trains/train.dto.js';
export * from './consignments/consignments.service.js';
export * from './consignments/consignment-status.js';
export * from './consignments/consignment-status-writer.js';
export * from './consignments/consignment-errors.js';
export type { ConsignmentTracking } from './consignments/consignment-status.repository.js';
export {
  CONSIGNMENT_JSON,
  type ConsignmentJourney,
  type ConsignmentJson,
  type ConsignmentOnTrain,
} from './consignments/consignments.repository.js';
export * from './loadings/loading-errors.js';
export * from './export-figures/export-figures.service.js';
export { ADD_TRAIN_EXPORTS, type ExportFigures, type PeriodUnit } from './export-figures/export-figures.repository.js';
export * from './equipment/equipment.service.js';
export * from './equipment/transshipment-errors.js';
export { ConsistDto, type Gauge, IsConsistWagons, WagonDto } from './equipment/consist.dto.js';
export { WagonRefDto } from './consignments/consignment.dto.js';
