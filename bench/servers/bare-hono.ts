// The baseline: a bare Hono route serving the same string as the `hello` workflow.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/hello/:name', (c) => c.text(`Hello, ${c.req.param('name')}!`));
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stderr.write(`listening ${info.port}\n`);
});
// Nothing to flush: open keep-alive connections need not hold the exit.
process.on('SIGTERM', () => {
  server.close();
  process.exit(0);
});
