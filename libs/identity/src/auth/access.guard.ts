import { type CanActivate, type ExecutionContext, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import {
  routeHandlers,
  type AppConfig,
  CALLER,
  type Caller,
  databaseScopeOf,
  ForbiddenError,
  IS_PUBLIC,
  PUBLIC_WHEN,
  type Role,
  ROLES_KEY,
  setRequestDatabaseScope,
} from '@landbridge/common';
import type { FastifyRequest } from 'fastify';
import { CredentialsService } from './credentials.service.js';

/**
 * The one guard in front of every route: closed unless the handler is `@Public()`, authenticated by
 * token or API key, and allowed only for the roles the handler declares. At start-up it refuses to run
 * an app with a handler that declares neither, so a new endpoint cannot be left open by omission.
 */
@Injectable()
export class AccessGuard implements CanActivate, OnApplicationBootstrap {
  constructor(
    private readonly reflector: Reflector,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly credentials: CredentialsService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared = routeHandlers(this.discovery, this.scanner)
      .filter(({ handler, controller }) =>
        [IS_PUBLIC, ROLES_KEY].every(
          (key) => this.reflector.getAllAndOverride(key, [handler, controller]) === undefined,
        ),
      )
      .map(({ controller, name }) => `${controller.name}.${name}`);
    if (undeclared.length > 0) {
      throw new Error(`These handlers declare neither @Roles(...) nor @Public(): ${undeclared.join(', ')}`);
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const publicWhen = this.reflector.getAllAndOverride<keyof AppConfig | undefined>(PUBLIC_WHEN, targets);
    if (publicWhen && this.config.get(publicWhen, { infer: true }) === true) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { [CALLER]?: Caller }>();
    const caller = await this.credentials.forRequest(request);
    request[CALLER] = caller;
    // From here on the request's statements carry its caller's scope (row-level security).
    setRequestDatabaseScope(databaseScopeOf(caller));
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? ['admin'];
    if (!roles.includes(caller.role)) {
      throw new ForbiddenError(`This needs the role ${roles.join(' or ')}; you are ${caller.role}`);
    }
    return true;
  }
}
