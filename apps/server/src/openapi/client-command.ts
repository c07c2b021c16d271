import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Command, EXIT_OK, parseCommand, SERVER_OPTION, UsageError } from '../cli/command.ts';
import { withLocalEngine } from '../cli/commands/local-settings.ts';
import { remote } from '../cli/remote.ts';
import { OpenApiDocument } from './document.ts';
import { ROUTES_TAG } from './workflow-paths.ts';

type Json = Record<string, unknown>;

const HEADER = `/**
 * A typed client of this Pattern server's workflow routes, written by \`pattern client\` from its
 * OpenAPI document: write it again when a route changes. Use it with openapi-fetch:
 *
 *   const api = createClient('http://localhost:3000');
 *   const { data, error } = await api.POST('/orders', { body: { items: [{ sku: 'a', qty: 1 }] } });
 */
`;

const FOOTER = `
/** A client of the routes at \`baseUrl\`; every path, parameter and body is checked by the compiler. */
export function createClient(baseUrl: string, options: Omit<ClientOptions, 'baseUrl'> = {}) {
  return createFetchClient<paths>({ ...options, baseUrl });
}
`;

/** The document's workflow routes alone: the client is of the backend the workflows make, not of Pattern's admin API. */
function routesOf(document: Json): Json {
  const paths: Record<string, Json> = {};
  for (const [path, item] of Object.entries((document.paths as Record<string, Record<string, Json>>) ?? {})) {
    const kept = Object.entries(item).filter(([, operation]) => (operation.tags as string[] | undefined)?.includes(ROUTES_TAG));
    if (kept.length > 0) paths[path] = Object.fromEntries(kept);
  }
  return { ...document, paths };
}

/** TypeScript source of a typed client of the document's workflow routes. */
export async function clientSource(document: Json): Promise<string> {
  // openapi-typescript brings a YAML parser and more; only this command needs it.
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const types = astToString(await openapiTS(routesOf(document) as never, { alphabetize: true }));
  return `${HEADER}import createFetchClient, { type ClientOptions } from 'openapi-fetch';\n\n${types}${FOOTER}`;
}

export const clientCommand: Command = {
  name: 'client',
  summary: 'Writes a typed TypeScript client of the workflow routes.',
  help: `Usage: pattern client --out FILE [--server URL]

Writes FILE, a TypeScript module with the types of every route the saved workflows serve (their
path parameters, query, headers, body and answers, from the OpenAPI document at
/api/openapi.json) and createClient(baseUrl), an openapi-fetch client of them: a call with a wrong
path or body does not compile. The project that uses it needs the openapi-fetch package. Reads
the local data dir, or a running server with --server (PATTERN_ADMIN_TOKEN authorises).`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, { ...SERVER_OPTION, out: { type: 'string', short: 'o' } });
    if (values.out === undefined) throw new UsageError('name the file to write with --out FILE');
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const document =
      values.server !== undefined
        ? await remote(values.server).get<Json>('/api/openapi.json')
        : await withLocalEngine({ data: true }, async ({ engine }) =>
            new OpenApiDocument({ engine, isActive: () => true, version: 'local', auth: false }).current(),
          );
    const source = await clientSource(document);
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, source);
    const count = Object.keys((routesOf(document).paths as Json) ?? {}).length;
    io.out(`wrote a client of ${count} route path${count === 1 ? '' : 's'} to ${values.out}\n`);
    return EXIT_OK;
  },
};
