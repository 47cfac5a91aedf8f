export * from './data-source-options.js';
export * from './database-server.js';
export * from './database.module.js';
export * from './embedded-postgres-server.js';
export * from './migrate-database.js';
export * from './run-migrations.js';
export * from './service-process.js';
export * from './app-role.js';
