/** The least move of an ETA that subscribers hear of (consignment.eta_changed). */
const ETA_CHANGE_MIN_MS = 3_600_000;

/**
 * Whether an ETA moved enough from the one last announced to announce it again: both known, an hour or
 * more apart. Smaller moves add up: the writer keeps the last announced ETA, not the last stored one, so
 * a train that loses twenty minutes at each of three stops is announced an hour late once.
 */
export function isEtaChange(announced: Date | null, eta: Date | null): boolean {
  return announced !== null && eta !== null && Math.abs(eta.getTime() - announced.getTime()) >= ETA_CHANGE_MIN_MS;
}
