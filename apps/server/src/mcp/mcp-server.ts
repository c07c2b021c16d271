import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Grant } from '../tokens/scopes.ts';
import { type Chapter, chaptersOf } from './docs-resources.ts';
import type { PatternApi } from './pattern-api.ts';
import { registerTools } from './tools.ts';

export const MCP_SERVER_NAME = 'pattern';

const INSTRUCTIONS = `Pattern is a self-hosted backend builder: a workflow is a JSON graph of typed ops.
To build one: list_ops and get_op to learn the ops and their ports, validate_workflow until it has no problems
(each names where it is, like nodes[1].config.collection), save_workflow, run_workflow, then get_run to read each node's trace.
The handbook chapters and the op reference are resources (pattern://docs/…, pattern://ops).`;

/**
 * One MCP server over Pattern's API: the tools, and the handbook and op reference as resources.
 * The docs are fetched when a client asks for them, not when the server is made, since the HTTP
 * endpoint makes one server per request.
 */
export function createMcpServer(api: PatternApi, version: string, grant?: Grant): McpServer {
  const server = new McpServer({ name: MCP_SERVER_NAME, version }, { instructions: INSTRUCTIONS });
  registerTools(server, api, grant);
  let chapters: Promise<Chapter[]> | undefined;
  const loadChapters = () => {
    chapters ??= api.text('/docs/llms.txt').then(chaptersOf);
    return chapters;
  };
  const uriOf = (chapter: Chapter) => `pattern://docs/${chapter.url.replace(/^\/docs\/?/, '')}`;
  server.registerResource(
    'handbook',
    new ResourceTemplate('pattern://docs/{+path}', {
      list: async () => ({
        resources: (await loadChapters()).map((chapter) => ({ uri: uriOf(chapter), name: chapter.title, mimeType: 'text/markdown' })),
      }),
    }),
    { title: 'Handbook chapters', description: 'Every chapter of the handbook and of the mods’ docs, as markdown', mimeType: 'text/markdown' },
    async (uri) => {
      const chapter = (await loadChapters()).find((c) => uriOf(c) === uri.href);
      if (!chapter) throw new Error(`There is no chapter ${uri.href}; list the resources for the chapters there are`);
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: chapter.markdown }] };
    },
  );
  server.registerResource(
    'ops',
    'pattern://ops',
    { title: 'Op reference', description: 'Every installed op with its ports, schemas and examples, as JSON', mimeType: 'application/json' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: await api.text('/docs/ops.json') }] }),
  );
  return server;
}
