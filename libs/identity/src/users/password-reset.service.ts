import { Injectable } from '@nestjs/common';
import { generatePassword, hashPassword } from '../auth/password-hasher.js';
import { SignInAttemptsRepository } from '../auth/sign-in-attempts.repository.js';
import { UnknownUserEmailError } from '../identity-errors.js';
import { UsersRepository } from './users.repository.js';

/** What a reset gives: the new password, to be shown once, and whom it is for. */
export interface PasswordReset {
  email: string;
  /** A disabled user stays so: an admin enables it with PATCH /users/:id. */
  disabled: boolean;
  password: string;
}

/**
 * `npm run admin -- reset-password <email>`: recovery on the machine that runs the service, for a user
 * (typically the first admin) whose password is lost. Not an HTTP route: whoever runs it holds the
 * database already.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly users: UsersRepository,
    private readonly attempts: SignInAttemptsRepository,
  ) {}

  /**
   * Gives the user a new generated password. Every access token issued to it so far stops working (in
   * every api process, through the users_changed notification), and its failed sign-ins are forgotten, so
   * that it can sign in at once. UnknownUserEmailError when no user has the email.
   */
  async reset(email: string): Promise<PasswordReset> {
    const account = email.toLowerCase();
    const user = await this.users.findCredentials(account);
    if (!user) throw new UnknownUserEmailError(account);
    const password = generatePassword();
    await this.users.replacePassword(user.id, await hashPassword(password));
    await this.attempts.forget(account);
    return { email: user.email, disabled: user.disabled, password };
  }
}
