import { answers } from '@pattern/core';
import { Hono } from 'hono';
import { type Health, HealthSchema } from './answers.ts';

/** Public, for load balancers; `auth` says whether the admin surface needs the token, so the web app can offer sign-out. */
export function healthRoutes(version: string, auth: boolean) {
  return new Hono().get('/api/health', answers(HealthSchema), (c) => c.json({ ok: true, version, auth } satisfies Health));
}
