import { isPatternError, parseInput } from '@pattern/core';
import type { AllowList } from './addresses/allow-list.ts';
import { Agents } from './fetch/agents.ts';
import { fetchChecked, targetUrl } from './fetch/fetch.ts';
import { pinTarget } from './fetch/pinned-target.ts';
import { type AddressCheck, type FetchAnswer, type FetchRequestInput, FetchRequestSchema, UrlSchema } from './schemas.ts';

/**
 * The `http` service: outbound requests that never reach an internal address unless the
 * `allowHosts` setting lets them. It parses what it is given, since a user's own op may call it.
 */
export class HttpService {
  readonly allow: AllowList;
  private readonly agents = new Agents();

  constructor(allow: AllowList) {
    this.allow = allow;
  }

  fetch(input: FetchRequestInput, signal: AbortSignal = new AbortController().signal): Promise<FetchAnswer> {
    return fetchChecked(parseInput(FetchRequestSchema, input, 'request', { whole: true }), { allow: this.allow, agents: this.agents }, signal);
  }

  close(): void {
    this.agents.close();
  }

  /** Whether http.fetch would connect to a URL's host, and to which address, without connecting. */
  async check(url: string): Promise<AddressCheck> {
    const target = targetUrl(parseInput(UrlSchema, url, 'url'), undefined);
    try {
      return { url: target.href, allowed: true, address: (await pinTarget(target, this.allow)).address };
    } catch (error) {
      if (!isPatternError(error) || (error.code !== 'blocked_address' && error.code !== 'unreachable')) throw error;
      const details = error.details as { address?: string; reason?: string };
      return {
        url: target.href,
        allowed: false,
        reason: details.reason ?? 'unresolved',
        message: error.message,
        ...(details.address ? { address: details.address } : {}),
      };
    }
  }
}

declare module '@pattern/core' {
  interface ServiceMap {
    http: HttpService;
  }
}
