import { PatternError } from '@pattern/core';
import { Hono } from 'hono';
import { type AdminAuth, crossSite, refuse } from './admin-auth.ts';

/** The paths sign-in serves; no workflow may take them. */
export const LOGIN_PATHS = ['/login', '/logout'];

/**
 * The sign-in page and signing out. A wrong token is slowed down by the same throttle as wrong
 * bearer tokens; signing out is a change like any other and must come from this site.
 */
export function loginRoutes(auth: AdminAuth): Hono {
  return new Hono()
    .get('/login', (c) => c.html(loginPage(safeNext(c.req.query('next')), undefined)))
    .post('/login', async (c) => {
      const form = await c.req.parseBody().catch(() => {
        throw new PatternError('bad_request', 'Send the login form as a form body with a "token" field', { field: 'body' });
      });
      const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
      const verdict = await auth.verify(c, typeof form.token === 'string' ? form.token : undefined);
      if (verdict === 'right') {
        auth.startSession(c);
        return c.redirect(next, 303);
      }
      if (verdict === 'wrong') return c.html(loginPage(next, 'That is not the admin token.'), 401);
      c.header('Retry-After', String(verdict.retryAfterSeconds));
      return c.html(loginPage(next, `Too many wrong tokens lately: try again in ${verdict.retryAfterSeconds} seconds.`), 429);
    })
    .post('/logout', (c) => {
      if (!auth.source.sameOrigin(c)) return refuse(c, crossSite());
      auth.endSession(c);
      return c.redirect('/login', 303);
    });
}

/** Only paths on this site: never `//elsewhere` or `https://…`. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function loginPage(next: string, error: string | undefined): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Pattern</title>
<style>
  :root { color-scheme: light dark; --bg: #f6f7f9; --card: #fff; --text: #16181d; --muted: #5b6270; --border: #dde1e7; --accent: #4f46e5; --danger: #c2253d; }
  @media (prefers-color-scheme: dark) { :root { --bg: #0f1115; --card: #171a21; --text: #e7e9ee; --muted: #9aa3b2; --border: #2a2f3a; --accent: #8b85ff; --danger: #ff6b81; } }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--text); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
  main { width: min(380px, 92vw); background: var(--card); border: 1px solid var(--border); border-radius: 12px; padding: 28px; box-shadow: 0 8px 30px rgb(0 0 0 / 0.06); }
  h1 { font-size: 20px; margin: 0 0 4px; }
  p { color: var(--muted); margin: 0 0 20px; }
  label { display: block; font-weight: 600; margin-bottom: 6px; }
  input { width: 100%; padding: 10px 12px; border: 1px solid var(--border); border-radius: 8px; background: transparent; color: inherit; font: inherit; }
  input:focus { outline: 2px solid var(--accent); outline-offset: 1px; }
  button { margin-top: 16px; width: 100%; padding: 10px; border: 0; border-radius: 8px; background: var(--accent); color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
  .error { color: var(--danger); margin: 12px 0 0; }
</style>
</head>
<body>
<main>
  <h1>Pattern</h1>
  <p>This server is protected. Enter its admin token (<code>PATTERN_ADMIN_TOKEN</code>).</p>
  <form method="post" action="/login">
    <input type="hidden" name="next" value="${escapeHtml(next)}">
    <label for="token">Admin token</label>
    <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
    ${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
    <button type="submit">Sign in</button>
  </form>
</main>
</body>
</html>`;
}
