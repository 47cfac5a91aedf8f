const DAY_MS = 24 * 60 * 60 * 1000;

/** No link lives longer than this from its creation. */
export const MAX_LINK_DAYS = 180;
/** A link without a chosen expiry ends this long after the consignment's delivery. */
const DAYS_AFTER_DELIVERY = 30;

/** The latest expiry a link created at `createdAt` may have. */
export function latestExpiry(createdAt: Date): Date {
  return new Date(createdAt.getTime() + MAX_LINK_DAYS * DAY_MS);
}

/** Whether an expiry asked for at creation is allowed: after now, at most 180 days ahead. */
export function expiryAllowed(requested: Date, now: Date): boolean {
  return requested.getTime() > now.getTime() && requested.getTime() <= latestExpiry(now).getTime();
}

/**
 * When a link stops working: the expiry its creator chose; else 30 days after the consignment's delivery,
 * and while it is not delivered the latest allowed (180 days from creation), which delivery then brings
 * forward. Either way never beyond 180 days from creation.
 */
export function expiryOf(link: { expiresAt: Date | null; createdAt: Date }, deliveredAt: Date | null): Date {
  if (link.expiresAt) return link.expiresAt;
  const latest = latestExpiry(link.createdAt);
  if (!deliveredAt) return latest;
  const afterDelivery = new Date(deliveredAt.getTime() + DAYS_AFTER_DELIVERY * DAY_MS);
  return afterDelivery < latest ? afterDelivery : latest;
}
