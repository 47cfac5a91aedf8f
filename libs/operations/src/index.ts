export * from './consignments/consignments.service.js';
export * from './migrations/index.js';
export * from './operations.module.js';
export * from './trains/trains.service.js';
export * from './consignments/consignment-status.js';
export * from './consignments/consignment-status-writer.js';
export * from './trains/train-status.js';
export type { TrainRow } from './trains/train-row.js';
