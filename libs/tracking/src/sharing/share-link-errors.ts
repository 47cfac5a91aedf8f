import { DomainError, InvalidInputError, NotFoundError } from '@landbridge/common';
import { MAX_LINK_DAYS } from './share-link-expiry.js';

/** A chosen expiry in the past, or more than 180 days ahead. */
export class ShareLinkExpiryError extends InvalidInputError {
  constructor(readonly expiresAt: string) {
    super(
      `expiresAt ${expiresAt} must be in the future and at most ${MAX_LINK_DAYS} days from now`,
      [{ field: 'expiresAt', message: `must be in the future and at most ${MAX_LINK_DAYS} days from now` }],
      'share-link-expiry',
    );
  }
}

/** A link with the default expiry to a consignment delivered more than 30 days ago would never work. */
export class ShareLinkDeliveredLongAgoError extends InvalidInputError {
  constructor(readonly deliveredAt: string) {
    super(
      `The consignment was delivered at ${deliveredAt}, more than 30 days ago: a link needs an expiresAt`,
      [{ field: 'expiresAt', message: 'is required for a consignment delivered more than 30 days ago' }],
      'share-link-expiry',
    );
  }
}

/** A tracking link no one has: the token matches none (the page says no more than that). */
export class ShareLinkNotFoundError extends NotFoundError {
  constructor() {
    super('Tracking link', '(this token)');
  }
}

/** A tracking link that existed and no longer works: revoked by its sender, or expired. */
export class ShareLinkGoneError extends DomainError {
  constructor(readonly reason: 'revoked' | 'expired') {
    super(
      'gone',
      'share-link-gone',
      `This tracking link ${reason === 'revoked' ? 'was revoked' : 'has expired'}; ask the sender for a new one`,
    );
  }
}
