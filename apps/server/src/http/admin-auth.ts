import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { errorResponse } from './errors.ts';

export const SESSION_COOKIE = 'pattern_session';
const SESSION_DAYS = 7;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who may use the admin surface when `PATTERN_ADMIN_TOKEN` is set: a request with
 * `Authorization: Bearer <token>`, or a browser holding a session cookie from the login page.
 * Sessions are signed with the token itself, so they hold across restarts and across servers and
 * end when the token changes. Cookie-authenticated writes must come from this origin (CSRF).
 */
export class AdminAuth {
  private readonly token: Buffer;

  constructor(token: string) {
    this.token = Buffer.from(token);
  }

  /** Constant-time comparison: the time taken says nothing about how much of a guess was right. */
  tokenMatches(given: string): boolean {
    const a = createHmac('sha256', 'compare').update(given).digest();
    const b = createHmac('sha256', 'compare').update(this.token).digest();
    return timingSafeEqual(a, b);
  }

  newSession(now = Date.now()): string {
    const expires = now + SESSION_DAYS * 86_400_000;
    return `${expires}.${this.sign(`session:${expires}`)}`;
  }

  sessionValid(value: string | undefined, now = Date.now()): boolean {
    if (!value) return false;
    const [expires, signature] = value.split('.');
    if (!expires || !signature || !/^\d+$/.test(expires) || Number(expires) < now) return false;
    const expected = Buffer.from(this.sign(`session:${expires}`));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Why a request is not allowed in, or undefined when it is. */
  refusal(c: Context): { status: 401 | 403; code: string; message: string } | undefined {
    const header = c.req.header('authorization');
    if (header !== undefined) {
      if (header.startsWith('Bearer ') && this.tokenMatches(header.slice(7))) return undefined;
      return { status: 401, code: 'unauthorized', message: 'The admin token in Authorization is not right' };
    }
    if (!this.sessionValid(getCookie(c, SESSION_COOKIE))) {
      return { status: 401, code: 'unauthorized', message: 'Sign in at /login, or send Authorization: Bearer <PATTERN_ADMIN_TOKEN>' };
    }
    if (!SAFE_METHODS.has(c.req.method) && !sameOrigin(c)) {
      return { status: 403, code: 'forbidden', message: 'A change made with the session cookie must come from this site (Origin check failed)' };
    }
    return undefined;
  }

  /** Guards a part of the admin surface; pages send the browser to the login page instead of a 401. */
  guard(): MiddlewareHandler {
    return async (c, next) => {
      const refusal = this.refusal(c);
      if (!refusal) return next();
      if (c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html') && !c.req.path.startsWith('/api/')) {
        return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 302);
      }
      return errorResponse(c, refusal.status, refusal.code, refusal.message);
    };
  }

  startSession(c: Context): void {
    setCookie(c, SESSION_COOKIE, this.newSession(), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: isHttps(c),
      maxAge: SESSION_DAYS * 86_400,
    });
  }

  endSession(c: Context): void {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
  }

  private sign(text: string): string {
    return createHmac('sha256', this.token).update(text).digest('base64url');
  }
}

function isHttps(c: Context): boolean {
  return c.req.url.startsWith('https:') || c.req.header('x-forwarded-proto') === 'https';
}

function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  const host = c.req.header('x-forwarded-host') ?? c.req.header('host');
  if (!origin || !host) return c.req.header('sec-fetch-site') === 'same-origin';
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
