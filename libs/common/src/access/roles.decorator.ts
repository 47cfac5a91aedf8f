import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { Role } from './role.js';

export const ROLES_KEY = 'landbridge:roles';

/**
 * Declares who may call a handler. Every handler declares roles or is `@Public()`: the access guard
 * refuses to start the app otherwise. The roles also appear in the OpenAPI document as `x-roles`, from
 * which it documents the 401 and 403 answers (see completeOpenApiDocument).
 */
export function Roles(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(), ApiExtension('x-roles', roles));
}
