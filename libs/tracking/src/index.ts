export * from './events/tracking.service.js';
export * from './journey/event-types.js';
export * from './migrations/index.js';
export * from './tracking.module.js';
