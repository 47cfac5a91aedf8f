import { Injectable } from '@nestjs/common';
import { afterCommit, type Caller, NotFoundError } from '@landbridge/common';
import { hashPassword } from '../auth/password-hasher.js';
import { SignInService } from '../auth/sign-in.service.js';
import { UserStateCache } from '../auth/user-state-cache.js';
import {
  PasswordChangeNeedsSignedInUserError,
  PasswordUnchangedError,
  WrongCurrentPasswordError,
} from '../identity-errors.js';
import { UsersRepository } from './users.repository.js';

/** POST /users/me/password: a signed-in user changes its own password. */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly users: UsersRepository,
    private readonly signIns: SignInService,
    private readonly states: UserStateCache,
  ) {}

  /**
   * Changes the caller's password, given its current one (checked and counted like a sign-in, so it is no
   * faster way to guess it). Every access token issued to the user so far stops working, the one of this
   * request too, so that a session opened with the old password does not outlive it: the user signs in
   * again with the new one. Its API keys go on working (they are revoked one by one, DELETE /api-keys/:id).
   */
  async change(caller: Caller, currentPassword: string, newPassword: string): Promise<void> {
    if (caller.credential.kind === 'api-key') throw new PasswordChangeNeedsSignedInUserError();
    const user = await this.users.findById(caller.userId);
    if (!user) throw new NotFoundError('User', caller.userId);
    if (!(await this.signIns.checkPassword(user.email, currentPassword))) throw new WrongCurrentPasswordError();
    if (newPassword === currentPassword) throw new PasswordUnchangedError();
    await this.users.replacePassword(user.id, await hashPassword(newPassword));
    afterCommit(() => this.states.forget(user.id));
  }
}
