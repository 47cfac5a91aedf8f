import { Module } from '@nestjs/common';
import { SignInAttemptsRepository } from './auth/sign-in-attempts.repository.js';
import { PasswordResetService } from './users/password-reset.service.js';
import { UsersRepository } from './users/users.repository.js';

/**
 * What `npm run admin` needs of identity: resetting a password, without the api's guard, controllers and
 * start-up work (no first admin is created, no token secret read).
 */
@Module({
  providers: [UsersRepository, SignInAttemptsRepository, PasswordResetService],
  exports: [PasswordResetService],
})
export class IdentityRecoveryModule {}
