import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { PatternError } from '@pattern/core';
import type { AllowList } from '../addresses/allow-list.ts';
import { blockedReason, hostAddress } from '../addresses/classify.ts';

/** Where one hop of a request connects: the address that was checked, handed to the socket as its only lookup answer. */
export interface PinnedTarget {
  address: string;
  family: 4 | 6;
  lookup: LookupFunction;
}

/**
 * Resolves a URL's host and checks every address it resolves to. A host with any refused
 * address is refused as a whole: one that answers with a public and a private address is not to
 * be trusted with either. The socket then connects to the checked address, never resolving
 * again, so a second DNS answer cannot swap it.
 */
export async function pinTarget(url: URL, allow: AllowList): Promise<PinnedTarget> {
  const literal = hostAddress(url.hostname);
  const addresses = literal ? [{ address: literal, family: literal.includes(':') ? 6 : 4 }] : await resolve(url.hostname);
  const hostAllowed = allow.allowsHost(url.hostname);
  for (const { address } of addresses) {
    const reason = hostAllowed || allow.allowsAddress(address) ? undefined : blockedReason(address);
    if (reason) {
      throw new PatternError(
        'blocked_address',
        `${url.hostname} resolves to ${address} (${reason}), which http.fetch does not reach unless it is listed in the http.allowHosts setting`,
        { host: url.hostname, address, reason },
      );
    }
  }
  const first = addresses[0] as { address: string; family: number };
  const family = first.family === 6 ? 6 : 4;
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: first.address, family }]);
    else callback(null, first.address, family);
  };
  return { address: first.address, family, lookup: pinned };
}

async function resolve(hostname: string): Promise<Array<{ address: string; family: number }>> {
  try {
    const found = await lookup(hostname, { all: true, verbatim: true });
    if (found.length > 0) return found;
  } catch (error) {
    throw new PatternError('unreachable', `${hostname} could not be resolved (${(error as NodeJS.ErrnoException).code ?? 'DNS error'})`, {
      host: hostname,
      cause: (error as NodeJS.ErrnoException).code ?? null,
    });
  }
  throw new PatternError('unreachable', `${hostname} resolves to no address`, { host: hostname, cause: null });
}
