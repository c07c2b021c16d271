import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { errorResponse } from './errors.ts';

/** With an admin token set, the admin API needs `Authorization: Bearer <token>`; compared in constant time. */
export function adminAuth(token: string): MiddlewareHandler {
  const expected = createHash('sha256').update(token).digest();
  return async (c, next) => {
    if (c.req.path === '/api/health') return next();
    const header = c.req.header('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
      return errorResponse(c, 401, 'unauthorized', 'This needs the admin token: send Authorization: Bearer <PATTERN_ADMIN_TOKEN>');
    }
    return next();
  };
}
