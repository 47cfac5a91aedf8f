import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface TargetPolicy {
  allowHttp: boolean;
  allowPrivate: boolean;
}

/** Why an address may not receive webhooks (loopback, private, link-local, unspecified …), or null. */
export function forbiddenAddress(address: string, policy: TargetPolicy): string | null {
  if (policy.allowPrivate) return null;
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? null : `${address} is a ${range} address`;
}

/**
 * Checks a webhook URL at creation: https (or http when allowed), no credentials, and a host that is,
 * or resolves only to, public addresses. Delivery checks again the address actually connected to.
 */
export async function checkTargetUrl(raw: string, policy: TargetPolicy): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    return policy.allowHttp ? 'must be an http: or https: URL' : 'must be an https: URL';
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
      return `its host ${host} does not resolve`;
    }
  }
  for (const address of addresses) {
    const reason = forbiddenAddress(address, policy);
    if (reason) return `must not resolve to a loopback, private or link-local address (${reason})`;
  }
  return null;
}
