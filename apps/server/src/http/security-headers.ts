import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { RequestSource } from './request-source.ts';

const HSTS = 'max-age=15552000; includeSubDomains';

/**
 * Headers for Pattern's own pages and API (workflow routes get only their own defaults). The
 * policy allows exactly what the web app needs: its own scripts, inline styles (the canvas
 * positions nodes with style attributes), images from data and blob URLs, and frames of its own
 * blobs for previews. HSTS goes out only over HTTPS, the one place it means something
 * (browsers must ignore it over plain HTTP).
 */
export function securityHeaders(source: RequestSource): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      frameSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'same-origin',
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: 'same-origin',
  });
  return async (c, next) => {
    await headers(c, next);
    if (source.https(c)) c.res.headers.set('Strict-Transport-Security', HSTS);
  };
}
