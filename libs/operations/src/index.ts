export * from './consignments/consignments.service.js';
export * from './migrations/index.js';
export * from './operations.module.js';
export * from './trains/trains.service.js';
