import { type PatternServer, testServer } from '@pattern/testing/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedMods } from './helpers/installed-mods.ts';
import { sampleMod } from './helpers/sample-mod.ts';

let server: PatternServer;

beforeAll(async () => {
  server = await testServer({ mods: [...installedMods, sampleMod], port: 0 });
});

afterAll(async () => {
  await server?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

function decode(href: string): string {
  return href
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

describe('/docs over a real server', () => {
  it('builds once under a burst of concurrent first requests', async () => {
    const paths = ['/docs', '/docs/ops', '/docs/concepts/runs', '/docs/ops/flow.branch', '/docs/llms.txt', '/docs/ops.json'];
    const responses = await Promise.all(Array.from({ length: 60 }, (_, i) => get(paths[i % paths.length] as string)));
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(new Set(bodies.filter((_, i) => i % paths.length === 0)).size).toBe(1);
  });

  it('resolves every internal link, anchor and editor link reachable from /docs', async () => {
    const queue = ['/docs'];
    const seen = new Set(queue);
    const pages = new Map<string, string>();
    const anchors: Array<{ from: string; path: string; id: string }> = [];
    const broken: string[] = [];
    const templates: Array<{ from: string; template: string }> = [];
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      const response = await get(path);
      const body = await response.text();
      if (response.status !== 200) {
        broken.push(`${path} answered ${response.status}`);
        continue;
      }
      pages.set(path, body);
      if (!response.headers.get('content-type')?.startsWith('text/html')) continue;
      for (const match of body.matchAll(/href="([^"]*)"/g)) {
        const href = decode(match[1] as string);
        const url = new URL(href, `${server.url}${path}`);
        if (url.origin !== new URL(server.url).origin) continue;
        if (url.pathname === '/workflows/new') {
          templates.push({ from: path, template: url.searchParams.get('template') ?? '' });
          continue;
        }
        if (!url.pathname.startsWith('/docs')) continue;
        const target = url.pathname + url.search;
        if (url.hash) anchors.push({ from: path, path: target, id: decodeURIComponent(url.hash.slice(1)) });
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    for (const { from, path, id } of anchors) {
      const page = pages.get(path);
      if (page && !page.includes(`id="${id}"`)) broken.push(`${from} links to ${path}#${id}, which has no such anchor`);
    }
    expect(broken).toEqual([]);

    const catalog = server.engine.catalog();
    for (const op of catalog) expect(pages.has(`/docs/ops/${op.name}`), `op page of ${op.name} is linked`).toBe(true);
    for (const path of [
      '/docs/getting-started/install',
      '/docs/concepts/runs',
      '/docs/guides/write-a-mod',
      '/docs/mods/sample/guide',
      '/docs/mods/docs/addresses',
    ]) {
      expect(pages.has(path), `${path} is linked`).toBe(true);
    }

    expect(templates.length).toBeGreaterThan(catalog.length);
    const invalid = templates.flatMap(({ from, template }) => {
      const document = JSON.parse(template) as { nodes: Array<{ op: string }> };
      // A handbook picture may show an op the reader defines in their own mod.
      if (document.nodes.some((node) => !server.engine.op(node.op))) return [];
      // A picture may use a secret, which the reader adds before saving it, or call a workflow the reader saves first.
      const problems = server.engine.validate(document).filter((p) => p.code !== 'unknown_secret' && p.code !== 'unknown_workflow');
      return problems.length ? [`${from}: ${problems.map((p) => p.message).join('; ')}`] : [];
    });
    expect(invalid).toEqual([]);
  });

  it('serves an op page with ports, config, examples, the owning mod and the mod’s prose', async () => {
    const branch = await (await get('/docs/ops/flow.branch')).text();
    expect(branch).toContain('<h2 id="inputs">Inputs</h2>');
    expect(branch).toContain('<code>condition</code>');
    expect(branch).toContain('&quot;eq&quot; | &quot;ne&quot; | &quot;lt&quot; | &quot;lte&quot; | &quot;gt&quot; | &quot;gte&quot;');
    expect(branch).toContain('href="/docs/mods/core"');
    expect(branch).toContain('Try it in the editor');
    const log = await (await get('/docs/ops/log')).text();
    expect(log).toContain('<span class="badge control">control</span>');
    const echo = await (await get('/docs/ops/sample.echo')).text();
    expect(echo).toContain('<h2 id="guide">Guide</h2>');
    expect(echo).toContain('When to echo');
  });

  it('answers an unknown op with 404 and the closest names', async () => {
    const response = await get('/docs/ops/math.ad');
    expect(response.status).toBe(404);
    const body = await response.text();
    expect(body).toContain('There is no op <code>math.ad</code>');
    expect(body).toContain('href="/docs/ops/math.add"');
    const long = await get(`/docs/ops/${'x'.repeat(5000)}`);
    expect(long.status).toBe(404);
    expect(await long.text()).not.toContain('Closest names');
    const head = await fetch(`${server.url}/docs/concepts/runs`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const page = await get('/docs/concepts/nowhere');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Page not found');
  });

  it('serves a mod’s chapters with hostile HTML removed and its links resolved', async () => {
    const body = await (await get('/docs/mods/sample/guide')).text();
    const main = body.slice(body.indexOf('<main'));
    expect(main).not.toMatch(/<script|onerror|onclick|javascript:|<iframe/i);
    expect(main).toContain('<b>bold stays</b>');
    expect(main).toContain('href="/docs/mods/sample/intro"');
    expect(main).toContain('href="/docs/mods/sample/intro#details"');
    expect(main).toContain('<span class="unavailable" title="Not installed here">An op of a mod not installed</span>');
    expect(main).toContain('<svg class="workflow-picture"');
    const sidebar = body.slice(body.indexOf('<nav class="sidebar"'), body.indexOf('<main'));
    const intro = sidebar.indexOf('Sample intro');
    const guide = sidebar.indexOf('Sample guide');
    expect(intro).toBeGreaterThan(0);
    expect(intro).toBeLessThan(guide);
  });

  it('serves llms.txt with every chapter and every op', async () => {
    const response = await get('/docs/llms.txt');
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await response.text();
    expect(text.startsWith('# Pattern\n')).toBe(true);
    for (const op of server.engine.catalog()) expect(text, op.name).toContain(`### ${op.name}: ${op.title}`);
    for (const title of ['Install and start', 'Runs and settle', 'Event sourcing', 'Sample guide', 'Writing docs for a mod']) {
      expect(text).toContain(`### ${title}`);
    }
    expect(text).toContain('Echo is for tests.');
    expect(text).toContain('See the [guide](/docs/mods/sample/guide).');
    expect(text).toContain('- [A section of it](/docs/mods/sample/intro#details)');
    expect(text).toContain('`[invoices](invoices.md)`');
  });

  it('serves the catalog as data', async () => {
    const data = (await (await get('/docs/ops.json')).json()) as { mods: Array<{ name: string }>; ops: Array<{ name: string; mod: string }> };
    expect(data.ops.map((op) => op.name).sort()).toEqual(
      server.engine
        .catalog()
        .map((op) => op.name)
        .sort(),
    );
    expect(data.ops.find((op) => op.name === 'sample.echo')?.mod).toBe('sample');
    expect(data.mods.map((m) => m.name)).toContain('sample');
  });

  it('searches titles and text, ranks title hits first, and escapes the query', async () => {
    const page = await (await get('/docs/search?q=settle')).text();
    const first = /<ul class="results"><li><a href="([^"]+)"/.exec(page)?.[1];
    expect(first).toBe('/docs/concepts/runs');
    const json = (await (await get('/docs/search.json?q=zebrafish')).json()) as { results: Array<{ url: string; snippet: string }> };
    expect(json.results.map((r) => r.url)).toEqual(['/docs/ops/sample.echo']);
    expect(json.results[0]?.snippet).toContain('<mark>zebrafish</mark>');
    const hostile = await (await get(`/docs/search?q=${encodeURIComponent('<script>alert(1)</script>')}`)).text();
    expect(hostile).not.toContain('<script>alert(1)');
    expect(hostile).toContain('&lt;script&gt;');
  });

  it('lets browsers revalidate with an ETag, and styles light and dark', async () => {
    const first = await get('/docs/concepts/ports');
    await first.text();
    const etag = first.headers.get('etag') as string;
    expect(etag).toBeTruthy();
    const again = await get('/docs/concepts/ports', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    const css = await (await get('/docs/style.css')).text();
    expect(css).toContain('@media (prefers-color-scheme: dark)');
  });
});
