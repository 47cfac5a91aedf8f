export * from './identity.module.js';
export * from './migrations/index.js';
export * from './organizations/organizations.service.js';
export * from './auth/rate-limits.js';
export * from './identity-recovery.module.js';
export * from './users/password-reset.service.js';
