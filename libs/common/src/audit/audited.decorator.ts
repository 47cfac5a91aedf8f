import { SetMetadata } from '@nestjs/common';

export const AUDITED = 'landbridge:audited';

/** How a write route's audit entry is named: its action, the kind of object, where its id comes from. */
export type AuditedRoute =
  { action: string; entityType: string; entityId: 'response' | { param: string } } | { notAudited: string };

/**
 * The audit entry a write route leaves when it succeeds: `action` such as `train.updated`; the object is
 * of the kind before the dot unless `entity` says otherwise, and its id is the response's `id` (a
 * create) or the route's `:id` (`param` names another parameter). Every write route declares this or
 * NotAudited: the app refuses to start otherwise (AuditedRoutesCheck).
 */
export function Audited(action: string, options: { entity?: string; param?: string } = {}): MethodDecorator {
  const route: AuditedRoute = {
    action,
    entityType: options.entity ?? action.slice(0, action.indexOf('.')),
    entityId: options.param ? { param: options.param } : 'response',
  };
  return SetMetadata(AUDITED, route);
}

/** A write route that changes nothing anyone audits (signing in), with the reason. */
export function NotAudited(reason: string): MethodDecorator {
  return SetMetadata(AUDITED, { notAudited: reason } satisfies AuditedRoute);
}
