import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer } from './mcp-server.ts';
import { patternApi } from './pattern-api.ts';

export interface McpStdioOptions {
  /** The running Pattern server, e.g. http://localhost:3000. */
  server: string;
  /** An API token (`pat_…`) or the admin token; none for a server without an admin token. */
  token: string | undefined;
  version: string;
}

/**
 * The MCP server on stdin and stdout, for clients that start it as a process (`pattern mcp`).
 * Its tools call the running server's API with the token, so the token's scopes hold as for any
 * client. Resolves when the client closes the connection.
 */
export async function runMcpStdio({ server: base, token, version }: McpStdioOptions): Promise<void> {
  const api = patternApi(base, (request) => fetch(request), token ? { authorization: `Bearer ${token}` } : {});
  const server = createMcpServer(api, version);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
