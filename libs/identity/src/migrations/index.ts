import { CreateIdentity1795910500000 } from './1795910500000-create-identity.js';
import { CreateSignInAttempts1795940000000 } from './1795940000000-create-sign-in-attempts.js';
import { OrganizationsDemo1795950000000 } from './1795950000000-organizations-demo.js';
import { UsersLifecycle1795960300100 } from './1795960300100-users-lifecycle.js';

export const identityMigrations = [
  CreateIdentity1795910500000,
  CreateSignInAttempts1795940000000,
  OrganizationsDemo1795950000000,
  UsersLifecycle1795960300100,
];
