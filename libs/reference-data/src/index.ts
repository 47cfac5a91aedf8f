export * from './migrations/index.js';
export * from './reference-data.module.js';
export * from './routes/route.dto.js';
export * from './routes/routes.service.js';
export * from './stations/station.dto.js';
export * from './stations/stations.service.js';
