/**
 * Keys a person reads first, in this order, at any depth; every other key follows in
 * alphabetical order. Stable whatever order the editor or an API client wrote them in, so a
 * workflow kept in git changes only where its content does.
 */
const LEADING_KEYS = [
  'id',
  'name',
  'description',
  'op',
  'label',
  'node',
  'port',
  'from',
  'to',
  'config',
  'position',
  'x',
  'y',
  'history',
  'inputSchema',
  'outputSchema',
  'input',
  'clock',
  'fixtures',
  'mocks',
  'nodes',
  'edges',
  'tests',
  'expect',
];
const RANK = new Map(LEADING_KEYS.map((key, i) => [key, i]));

function compareKeys(a: string, b: string): number {
  const x = RANK.get(a) ?? LEADING_KEYS.length;
  const y = RANK.get(b) ?? LEADING_KEYS.length;
  if (x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareKeys)) out[key] = ordered((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * A workflow as its file holds it: keys in a fixed order, 2-space indent, a final newline,
 * node positions rounded to whole pixels, and no editor state (`meta`: the viewport), so that
 * neither panning the canvas nor nudging a node by a fraction makes a diff.
 */
export function canonicalWorkflowText(document: Record<string, unknown>): string {
  const { meta: _meta, ...rest } = document;
  const nodes = Array.isArray(rest.nodes)
    ? rest.nodes.map((node: Record<string, unknown>) => {
        const position = node.position as { x: number; y: number } | undefined;
        return position ? { ...node, position: { x: Math.round(position.x), y: Math.round(position.y) } } : node;
      })
    : rest.nodes;
  return `${JSON.stringify(ordered({ ...rest, nodes }), null, 2)}\n`;
}

/** `DIR/<id>.workflow.json`: the one file name a workflow has. */
export const WORKFLOW_FILE_SUFFIX = '.workflow.json';
export const workflowFileName = (id: string) => `${id}${WORKFLOW_FILE_SUFFIX}`;
