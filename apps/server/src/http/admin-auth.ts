import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type RouteScope, RouteScopes } from '../tokens/route-scopes.ts';
import { ADMIN_GRANT, type Grant, grantAllows } from '../tokens/scopes.ts';
import type { Tokens } from '../tokens/tokens.ts';
import { errorResponse } from './errors.ts';
import { GuessThrottle } from './guess-throttle.ts';
import type { RequestSource } from './request-source.ts';

export const SESSION_COOKIE = 'pattern_session';
const SESSION_DAYS = 7;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface Refusal {
  status: 401 | 403 | 429;
  code: string;
  message: string;
  retryAfterSeconds?: number;
  /** The scope a token lacked. */
  scope?: RouteScope;
}

/** The answer to one guess of the token: right, wrong, or not checked at all for now. */
export type Verdict = 'right' | 'wrong' | { retryAfterSeconds: number };

/**
 * Who may use the admin surface when `PATTERN_ADMIN_TOKEN` is set: a request with
 * `Authorization: Bearer <token>`, or a browser holding a session cookie from the login page.
 * Sessions are signed with the token itself, so they hold across restarts and across servers and
 * end when the token changes. Cookie-authenticated writes must come from this origin (CSRF).
 * Every token guess, by sign-in or bearer, goes through one throttle.
 */
export class AdminAuth {
  readonly source: RequestSource;
  private readonly token: Buffer;
  private readonly tokenDigest: Buffer;
  private readonly throttle: GuessThrottle;
  private readonly tokens: Tokens | undefined;
  private readonly scopes = new RouteScopes();

  /** `tokens`: the scoped API tokens a bearer may also send, each allowed the routes its scopes cover. */
  constructor(token: string, source: RequestSource, throttle = new GuessThrottle(), tokens?: Tokens) {
    this.token = Buffer.from(token);
    this.tokenDigest = digest(this.token);
    this.source = source;
    this.throttle = throttle;
    this.tokens = tokens;
  }

  /** Constant-time comparison: the time taken says nothing about how much of a guess was right. */
  tokenMatches(given: string): boolean {
    return timingSafeEqual(digest(Buffer.from(given)), this.tokenDigest);
  }

  /** Checks a guess of the token (none given counts as wrong) under the throttle: a throttled client waits, right or wrong. */
  async verify(c: Context, given: string | undefined): Promise<Verdict> {
    return this.judge(c, given !== undefined && this.tokenMatches(given));
  }

  private async judge(c: Context, right: boolean): Promise<Verdict> {
    const address = this.source.address(c);
    const ticket = this.throttle.take(address, right);
    if (ticket.refused) return { retryAfterSeconds: Math.ceil(ticket.waitMs / 1000) };
    if (ticket.waitMs > 0) await this.throttle.wait(ticket.waitMs);
    this.throttle.settle(address, ticket, right);
    return right ? 'right' : 'wrong';
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

  /**
   * Why a request is not allowed in, or undefined when it is (its grant then set on the context).
   * It needs `scope`: by default what the route table declares for its method and path.
   */
  async refusal(c: Context, scope: RouteScope = this.scopes.needed(c.req.method, c.req.path)): Promise<Refusal | undefined> {
    if (scope === 'public') return undefined;
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const given = header.startsWith('Bearer ') ? header.slice(7) : undefined;
      const grant = await this.identify(given);
      const verdict = await this.judge(c, grant !== undefined);
      if (verdict === 'wrong')
        return { status: 401, code: 'unauthorized', message: 'The token in Authorization is not right (unknown, revoked or expired)' };
      if (verdict !== 'right') return tooManyGuesses(verdict.retryAfterSeconds);
      return this.admit(c, grant as Grant, scope);
    }
    if (!this.sessionValid(getCookie(c, SESSION_COOKIE))) {
      return { status: 401, code: 'unauthorized', message: 'Sign in at /login, or send Authorization: Bearer <PATTERN_ADMIN_TOKEN or an API token>' };
    }
    if (!SAFE_METHODS.has(c.req.method) && !this.source.sameOrigin(c)) return crossSite();
    return this.admit(c, ADMIN_GRANT, scope);
  }

  private async identify(given: string | undefined): Promise<Grant | undefined> {
    if (given === undefined) return undefined;
    if (this.tokenMatches(given)) return ADMIN_GRANT;
    return this.tokens?.authenticate(given);
  }

  private admit(c: Context, grant: Grant, scope: RouteScope): Refusal | undefined {
    if (scope !== 'token' && scope !== 'public' && !grantAllows(grant, scope)) {
      return { status: 403, code: 'forbidden', message: `This token does not have the scope ${scope}`, scope };
    }
    c.set('grant', grant);
    return undefined;
  }

  /** Guards a part of the admin surface; pages send the browser to the login page instead of a 401. */
  guard(): MiddlewareHandler {
    return async (c, next) => {
      const refusal = await this.refusal(c);
      if (!refusal) return next();
      if (
        refusal.status === 401 &&
        c.req.method === 'GET' &&
        (c.req.header('accept') ?? '').includes('text/html') &&
        !c.req.path.startsWith('/api/')
      ) {
        return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 302);
      }
      return refuse(c, refusal);
    };
  }

  startSession(c: Context): void {
    setCookie(c, SESSION_COOKIE, this.newSession(), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: this.source.https(c),
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

function tooManyGuesses(retryAfterSeconds: number): Refusal {
  return {
    status: 429,
    code: 'rate_limited',
    message: `Too many wrong admin tokens lately; try again in ${retryAfterSeconds} s`,
    retryAfterSeconds,
  };
}

export function crossSite(): Refusal {
  return { status: 403, code: 'forbidden', message: 'A change made with the session cookie must come from this site (Origin check failed)' };
}

/** The error answer for a refusal, with `Retry-After` when the client is told to wait. */
export function refuse(c: Context, refusal: Refusal): Response {
  if (refusal.retryAfterSeconds !== undefined) c.header('Retry-After', String(refusal.retryAfterSeconds));
  const details =
    refusal.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: refusal.retryAfterSeconds }
      : refusal.scope !== undefined
        ? { scope: refusal.scope }
        : null;
  return errorResponse(c, refusal.status, refusal.code, refusal.message, details);
}

function digest(value: Buffer): Buffer {
  return createHmac('sha256', 'compare').update(value).digest();
}
