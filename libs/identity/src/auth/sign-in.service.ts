import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { apartFromRequest, type AppConfig, UnauthenticatedError } from '@landbridge/common';
import { TooManySignInsError } from '../identity-errors.js';
import { type AuthenticatedUser, UsersService } from '../users/users.service.js';
import { SignInAttemptsRepository } from './sign-in-attempts.repository.js';
import { type IssuedToken, TokenService } from './token.service.js';

/** The window in which an account's failed sign-ins are counted. */
const SIGN_IN_WINDOW_SECONDS = 15 * 60;
const PURGE_EVERY_MS = 3_600_000;

/**
 * Sign-in with a per-account limit: after LOGIN_FAILURES_PER_ACCOUNT failures in 15 minutes, the account
 * refuses sign-in (429) until the window ends, whichever address the attempts come from; a success
 * forgets the failures. Unknown emails are counted alike, so the answer does not tell whether one exists.
 */
@Injectable()
export class SignInService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SignInService.name);
  private readonly limit: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly attempts: SignInAttemptsRepository,
    config: ConfigService<AppConfig, true>,
  ) {
    this.limit = config.get('LOGIN_FAILURES_PER_ACCOUNT', { infer: true });
  }

  async signIn(email: string, password: string): Promise<IssuedToken> {
    const user = await this.checkPassword(email, password);
    if (!user) throw new UnauthenticatedError('Unknown email or wrong password');
    return this.tokens.issue({
      userId: user.id,
      role: user.role,
      organizationId: user.organizationId,
      generation: user.tokenGeneration,
    });
  }

  /**
   * The user with this email and password (not disabled), or undefined; counted against the account's
   * limit like every sign-in (429 beyond it), so that no other route lets a password be guessed faster.
   */
  async checkPassword(email: string, password: string): Promise<AuthenticatedUser | undefined> {
    // Counted whatever becomes of the request: a write that checks a password and then fails keeps its count.
    return apartFromRequest(async () => {
      const account = email.toLowerCase();
      const counted = await this.attempts.count(account, SIGN_IN_WINDOW_SECONDS);
      if (counted.attempts > this.limit) throw new TooManySignInsError(counted.secondsLeft);
      const user = await this.users.authenticate(account, password);
      if (user) await this.attempts.forget(account);
      return user;
    });
  }

  onApplicationBootstrap(): void {
    const purge = () =>
      void this.attempts
        .purgeEnded()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'purging sign-in attempts failed'));
    this.timer = setInterval(purge, PURGE_EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
