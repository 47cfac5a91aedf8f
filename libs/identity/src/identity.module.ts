import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { IdempotencyModule } from '@landbridge/common';
import { ApiKeysController } from './api-keys/api-keys.controller.js';
import { ApiKeysRepository } from './api-keys/api-keys.repository.js';
import { ApiKeysService } from './api-keys/api-keys.service.js';
import { AccessGuard } from './auth/access.guard.js';
import { AuthController } from './auth/auth.controller.js';
import { CredentialsService } from './auth/credentials.service.js';
import { SignInAttemptsRepository } from './auth/sign-in-attempts.repository.js';
import { SignInService } from './auth/sign-in.service.js';
import { TokenSigningSecretsRepository } from './auth/token-signing-secrets.repository.js';
import { TokenService } from './auth/token.service.js';
import { UserStateCache } from './auth/user-state-cache.js';
import { OrganizationsController } from './organizations/organizations.controller.js';
import { OrganizationsRepository } from './organizations/organizations.repository.js';
import { OrganizationsService } from './organizations/organizations.service.js';
import { AdminBootstrapService } from './users/admin-bootstrap.service.js';
import { PasswordChangeService } from './users/password-change.service.js';
import { UsersController } from './users/users.controller.js';
import { UsersRepository } from './users/users.repository.js';
import { UsersService } from './users/users.service.js';

/**
 * Organizations, users, tokens and API keys, and the access guard in front of every route of the api.
 * Rate limits are a Fastify plugin (`registerRateLimits`), registered when the api app is built; they key
 * on the principal that CredentialsService authenticates.
 */
@Module({
  imports: [DiscoveryModule, IdempotencyModule],
  controllers: [AuthController, OrganizationsController, UsersController, ApiKeysController],
  providers: [
    OrganizationsRepository,
    UsersRepository,
    ApiKeysRepository,
    TokenSigningSecretsRepository,
    OrganizationsService,
    UsersService,
    ApiKeysService,
    TokenService,
    CredentialsService,
    UserStateCache,
    PasswordChangeService,
    SignInAttemptsRepository,
    SignInService,
    AdminBootstrapService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [OrganizationsService, CredentialsService],
})
export class IdentityModule {}
