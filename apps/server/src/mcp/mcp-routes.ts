import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { patternApi } from './pattern-api.ts';

/** The MCP SDK and the tools, loaded with the first request: a server no agent talks to never holds them (a few MB of heap). */
const loadMcp = () => Promise.all([import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'), import('./mcp-server.ts')]);

export interface McpRoutesOptions {
  /** The server's own app: tools call its API in process, through the same guard and scopes. */
  app: () => Hono;
  version: string;
  /** Any valid credential gets in; each tool then checks its own scope. None on a server without an admin token. */
  guard: MiddlewareHandler | undefined;
  bodyLimitBytes: number;
}

/**
 * `POST /mcp`: the Model Context Protocol over Streamable HTTP, stateless (a server and a
 * transport per request, so any server of a cluster answers any request).
 */
export function mcpRoutes({ app, version, guard, bodyLimitBytes }: McpRoutesOptions): Hono {
  const routes = new Hono();
  let loaded: ReturnType<typeof loadMcp> | undefined;
  if (guard) routes.use('/mcp', guard);
  routes.post('/mcp', async (c) => {
    loaded ??= loadMcp();
    const [{ WebStandardStreamableHTTPServerTransport }, { createMcpServer }] = await loaded;
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
      maxRequestBodySize: bodyLimitBytes,
    });
    const server = createMcpServer(inProcessApi(c, app()), version, c.get('grant'));
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      await server.close();
    }
  });
  // Stateless: no stream to open and no session to end.
  const notAllowed = (c: Context) =>
    c.json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: POST JSON-RPC messages to /mcp' }, id: null }, 405, {
      allow: 'POST',
    });
  routes.get('/mcp', notAllowed);
  routes.delete('/mcp', notAllowed);
  return routes;
}

function inProcessApi(c: Context, app: Hono) {
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'cookie', 'origin', 'host'] as const) {
    const value = c.req.header(name);
    if (value !== undefined) headers[name] = value;
  }
  const env = c.env as unknown;
  return patternApi(new URL(c.req.url).origin, (request) => app.fetch(request, env), headers);
}
