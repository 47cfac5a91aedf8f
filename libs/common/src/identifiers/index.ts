export * from './container-number.js';
export * from './identifier-validators.js';
export * from './vin.js';
export * from './wagon-number.js';
