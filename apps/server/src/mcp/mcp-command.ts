import { type Command, EXIT_OK, parseCommand, SERVER_OPTION, UsageError } from '../cli/command.ts';
import { VERSION } from '../server.ts';
import { runMcpStdio } from './mcp-stdio.ts';

/** `pattern mcp`: the MCP server on stdio, for agents that start their tools as processes. */
export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'Serves the MCP tools on stdin/stdout, over a running server’s API.',
  help: `Usage: pattern mcp [--server URL]

Speaks the Model Context Protocol on stdin and stdout, for clients that start their tools as a
process (Claude Desktop, editors). The tools call the running server at --server (default
http://localhost:3000) with PATTERN_TOKEN (an API token, pat_…) or else PATTERN_ADMIN_TOKEN,
so the token's scopes decide what the agent may do. Logs nothing to stdout.`,
  async run(args) {
    const { values, positionals } = parseCommand(args, { ...SERVER_OPTION });
    if (positionals.length > 0) throw new UsageError(`pattern mcp takes no arguments (got "${positionals[0]}")`);
    const token = process.env.PATTERN_TOKEN || process.env.PATTERN_ADMIN_TOKEN || undefined;
    await runMcpStdio({ server: values.server ?? 'http://localhost:3000', token, version: VERSION });
    return EXIT_OK;
  },
};
