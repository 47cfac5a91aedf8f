import { InvalidInputError, NotFoundError } from '@landbridge/common';

/** A feed position (`after`, `cursor`, Last-Event-ID) naming no event the reader may see. */
export class UnknownEventError extends InvalidInputError {
  constructor(
    readonly eventId: string,
    /** The request field that named it. */
    readonly field: string,
  ) {
    super('Unknown event', [{ field, message: `no event ${eventId} in your feed` }], 'unknown-event');
  }
}

/** `after` and `cursor`, the two names of the feed position, given with different values. */
export class ConflictingFeedPositionsError extends InvalidInputError {
  constructor(
    readonly after: string,
    readonly cursor: string,
  ) {
    super(
      'after and cursor name different positions; pass one of them',
      [{ field: 'cursor', message: 'differs from after' }],
      'conflicting-feed-positions',
    );
  }
}

/** A Last-Event-ID that cannot be an event id at all (not a UUID). */
export class MalformedLastEventIdError extends InvalidInputError {
  constructor(readonly lastEventId: string) {
    super(
      'Last-Event-ID is not an event id',
      [{ field: 'Last-Event-ID', message: 'must be the id (a UUID) of an event you received' }],
      'malformed-last-event-id',
    );
  }
}

/** A webhook URL that the target policy refuses; `reason` says why, without naming resolved addresses. */
export class WebhookTargetNotAllowedError extends InvalidInputError {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super('The webhook URL cannot be used', [{ field: 'url', message: reason }], 'webhook-target-not-allowed');
  }
}

/** No such webhook subscription, or one of another organization. */
export class WebhookNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Webhook', id);
  }
}
