import { CreateIdentity1795910500000 } from './1795910500000-create-identity.js';

export const identityMigrations = [CreateIdentity1795910500000];
