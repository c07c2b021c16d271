import { Hono } from 'hono';

/** Public, for load balancers; `auth` says whether the admin surface needs the token, so the web app can offer sign-out. */
export function healthRoutes(version: string, auth: boolean) {
  return new Hono().get('/api/health', (c) => c.json({ ok: true, version, auth }));
}
