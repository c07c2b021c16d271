import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * Where a request came from. Any client can send `X-Forwarded-*` headers, so they are believed
 * only with `trustProxy`, when a reverse proxy in front of Pattern sets them and nothing reaches
 * Pattern past it.
 */
export class RequestSource {
  readonly trustProxy: boolean;

  constructor(trustProxy: boolean) {
    this.trustProxy = trustProxy;
  }

  /** The client's address: behind a trusted proxy, the one it appended to `X-Forwarded-For` (the last). */
  address(c: Context): string {
    if (this.trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    return getConnInfo(c).remote.address ?? 'unknown';
  }

  /** The host the browser addressed. */
  host(c: Context): string | undefined {
    const forwarded = this.trustProxy ? firstOf(c.req.header('x-forwarded-host')) : undefined;
    return forwarded || c.req.header('host');
  }

  /** Whether the browser reached Pattern over HTTPS. */
  https(c: Context): boolean {
    if (c.req.url.startsWith('https:')) return true;
    return this.trustProxy && firstOf(c.req.header('x-forwarded-proto'))?.toLowerCase() === 'https';
  }

  /** Whether a browser request comes from a page of this site (the CSRF check of cookie-authenticated changes). */
  sameOrigin(c: Context): boolean {
    const origin = c.req.header('origin');
    const host = this.host(c);
    if (!origin || !host) return c.req.header('sec-fetch-site') === 'same-origin';
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
}

function firstOf(list: string | undefined): string | undefined {
  return list?.split(',')[0]?.trim();
}
