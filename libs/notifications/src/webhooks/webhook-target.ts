import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface TargetPolicy {
  allowHttp: boolean;
  allowPrivate: boolean;
}

/**
 * What a refused target is told: that it is not allowed, never which address its host resolved to or
 * which range that is (the answer would let a caller probe internal names), nor whether it resolved at all.
 */
export const TARGET_NOT_ALLOWED =
  'is not an allowed target: its host must resolve only to public addresses (ALLOW_PRIVATE_WEBHOOKS=true allows others, for local development)';

/**
 * Whether webhooks may not be sent to this address: anything but a public unicast address (loopback,
 * private, link-local, unspecified, multicast, reserved, IPv4 embedded in IPv6 such as ::ffff:127.0.0.1
 * or the deprecated IPv4-compatible ::7f00:1, 6to4, Teredo, NAT64 …).
 */
export function isForbiddenAddress(address: string, policy: TargetPolicy): boolean {
  if (policy.allowPrivate) return false;
  if (!ipaddr.isValid(address)) return true;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return isForbiddenAddress(v6.toIPv4Address().toString(), policy);
    if (v6.parts.slice(0, 6).every((part) => part === 0)) return true; // ::/96, IPv4-compatible (and :: and ::1)
  }
  return parsed.range() !== 'unicast';
}

/**
 * Checks a webhook URL at creation: https (or http when allowed), no credentials, and a host that is,
 * or resolves only to, public addresses. Delivery checks again the address actually connected to.
 * Returns the problem as a field message, or null.
 */
export async function checkTargetUrl(raw: string, policy: TargetPolicy): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    return policy.allowHttp
      ? 'must be an http: or https: URL'
      : 'must be an https: URL (ALLOW_HTTP_WEBHOOKS=true allows http:, for local development)';
  }
  if (url.username || url.password) return 'must not contain credentials';
  if (policy.allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch {
      return TARGET_NOT_ALLOWED;
    }
  }
  return addresses.some((address) => isForbiddenAddress(address, policy)) ? TARGET_NOT_ALLOWED : null;
}
