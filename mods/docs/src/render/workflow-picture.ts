import { type CatalogOp, type Workflow, WorkflowSchema } from '@pattern/core';
import { editorUrl } from './editor-link.ts';
import { escapeHtml } from './escape.ts';

const NODE_WIDTH = 150;
const NODE_HEIGHT = 52;
const GAP_X = 64;
const GAP_Y = 24;
const PAD = 18;
const MAX_LABEL = 19;

interface Placed {
  id: string;
  label: string;
  op: string;
  known: boolean;
  x: number;
  y: number;
}

/**
 * A `workflow` code fence as a static picture: nodes in layers from left to right (each node one
 * layer right of its furthest predecessor), ordered within a layer by where their predecessors sit,
 * edges as curves. Drawn on the server, so pages need no script. An invalid document becomes a
 * visible notice on the page instead of a picture.
 */
export function renderWorkflowPicture(source: string, lookup: (op: string) => CatalogOp | undefined): string {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    return invalid(`it is not valid JSON (${(error as Error).message})`, source);
  }
  const parsed = WorkflowSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return invalid(`${issue?.path.join('.') || 'the document'}: ${issue?.message ?? 'invalid'}`, source);
  }
  const workflow = parsed.data;
  const svg = drawSvg(workflow, lookup);
  const caption = workflow.name ? `<figcaption>${escapeHtml(workflow.name)}</figcaption>` : '';
  return [
    '<figure class="workflow">',
    `<div class="workflow-scroll" tabindex="0" role="group" aria-label="${escapeHtml(workflow.name ?? 'Workflow')} (scrolls sideways)">${svg}</div>`,
    caption,
    '<div class="workflow-actions">',
    `<a class="button secondary" href="${escapeHtml(editorUrl(workflow))}">Open in the editor</a>`,
    '<details><summary>JSON</summary>',
    `<pre tabindex="0"><code class="language-json">${escapeHtml(JSON.stringify(json, null, 2))}</code></pre>`,
    '</details></div></figure>',
  ].join('');
}

function invalid(reason: string, source: string): string {
  return `<div class="callout warning">This workflow could not be drawn: ${escapeHtml(reason)}.</div><pre tabindex="0"><code>${escapeHtml(source)}</code></pre>`;
}

function drawSvg(workflow: Workflow, lookup: (op: string) => CatalogOp | undefined): string {
  const placed = layout(workflow, lookup);
  const byId = new Map(placed.map((p) => [p.id, p]));
  const width = Math.max(...placed.map((p) => p.x + NODE_WIDTH), 0) + PAD;
  const height = Math.max(...placed.map((p) => p.y + NODE_HEIGHT), 0) + PAD;
  const parts: string[] = [];
  // Each distinct port a node uses gets its own anchor along the node's side, so edges of
  // `true` and `false` leave from different places and their labels do not overlap.
  const outPorts = portsBySide(workflow, 'from');
  const inPorts = portsBySide(workflow, 'to');
  const anchor = (node: Placed, ports: Map<string, string[]>, port: string) => {
    const used = ports.get(node.id) ?? [port];
    return node.y + ((used.indexOf(port) + 1) * NODE_HEIGHT) / (used.length + 1);
  };
  const labelled = new Set<string>();
  for (const edge of workflow.edges) {
    const from = byId.get(edge.from.node);
    const to = byId.get(edge.to.node);
    if (!from || !to) continue;
    const x1 = from.x + NODE_WIDTH;
    const y1 = anchor(from, outPorts, edge.from.port);
    const x2 = to.x;
    const y2 = anchor(to, inPorts, edge.to.port);
    const bend = Math.max(40, (x2 - x1) / 2);
    const kind = edgeKind(edge.from.port, lookup(from.op));
    parts.push(
      `<path class="edge ${kind}" d="M${x1} ${y1} C${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}"><title>${escapeHtml(
        `${edge.from.node}.${edge.from.port} → ${edge.to.node}.${edge.to.port}`,
      )}</title></path>`,
      `<circle class="port" cx="${x1}" cy="${y1}" r="3.5"/><circle class="port" cx="${x2}" cy="${y2}" r="3.5"/>`,
    );
    // Port names are drawn where they tell something: not for `value`, nor for an op's only port.
    // Source names sit above the edge and target names below, so a short edge keeps both readable.
    const sourceKey = `out\u0000${edge.from.node}\u0000${edge.from.port}`;
    if (edge.from.port !== 'value' && !labelled.has(sourceKey) && !onlyPort(lookup(from.op), 'outputs', edge.from.port)) {
      labelled.add(sourceKey);
      parts.push(`<text class="port-label ${kind}" x="${x1 + 6}" y="${y1 - 5}">${escapeHtml(edge.from.port)}</text>`);
    }
    const targetKey = `in\u0000${edge.to.node}\u0000${edge.to.port}`;
    if (edge.to.port !== 'value' && !labelled.has(targetKey) && !onlyPort(lookup(to.op), 'inputs', edge.to.port)) {
      labelled.add(targetKey);
      parts.push(`<text class="port-label" x="${x2 - 6}" y="${y2 + 13}" text-anchor="end">${escapeHtml(edge.to.port)}</text>`);
    }
  }
  for (const node of placed) {
    parts.push(
      `<g class="node${node.known ? '' : ' unknown'}">`,
      `<rect x="${node.x}" y="${node.y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="9"/>`,
      `<text class="node-label" x="${node.x + 12}" y="${node.y + 21}">${escapeHtml(shorten(node.label))}</text>`,
      `<text class="node-op" x="${node.x + 12}" y="${node.y + 39}">${escapeHtml(shorten(node.op))}</text>`,
      '</g>',
    );
  }
  const summary = `Workflow ${workflow.name ?? ''}: ${placed.map((p) => `${p.label} (${p.op})`).join(', ')}`;
  return `<svg class="workflow-picture" role="img" aria-label="${escapeHtml(summary)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

function onlyPort(op: CatalogOp | undefined, side: 'inputs' | 'outputs', port: string): boolean {
  const ports = op?.[side].filter((p) => p.name !== 'error') ?? [];
  return ports.length === 1 && ports[0]?.name === port;
}

function portsBySide(workflow: Workflow, side: 'from' | 'to'): Map<string, string[]> {
  const ports = new Map<string, string[]>();
  for (const edge of workflow.edges) {
    const { node, port } = edge[side];
    const list = ports.get(node) ?? [];
    if (!list.includes(port)) list.push(port);
    ports.set(node, list);
  }
  return ports;
}

function edgeKind(port: string, op: CatalogOp | undefined): string {
  if (port === 'error') return 'error';
  return op?.outputs.find((p) => p.name === port)?.kind === 'control' ? 'control' : 'value';
}

function layout(workflow: Workflow, lookup: (op: string) => CatalogOp | undefined): Placed[] {
  const ids = workflow.nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const predecessors: number[][] = ids.map(() => []);
  const successors: number[][] = ids.map(() => []);
  for (const edge of workflow.edges) {
    const from = index.get(edge.from.node);
    const to = index.get(edge.to.node);
    if (from === undefined || to === undefined || from === to) continue;
    predecessors[to]?.push(from);
    successors[from]?.push(to);
  }
  // Longest path from the roots, by Kahn's order; nodes on a cycle (invalid, but drawable) go last.
  const layer = new Array<number>(ids.length).fill(0);
  const waiting = predecessors.map((p) => p.length);
  const queue = ids.flatMap((_id, i) => (waiting[i] === 0 ? [i] : []));
  const seen = new Array<boolean>(ids.length).fill(false);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    seen[node] = true;
    for (const next of successors[node] ?? []) {
      layer[next] = Math.max(layer[next] as number, (layer[node] as number) + 1);
      waiting[next] = (waiting[next] as number) - 1;
      if (waiting[next] === 0) queue.push(next);
    }
  }
  const deepest = Math.max(0, ...layer);
  ids.forEach((_id, i) => {
    if (!seen[i]) layer[i] = deepest + 1;
  });
  const layers: number[][] = [];
  ids.forEach((_id, i) => {
    const l = layer[i] as number;
    (layers[l] ??= []).push(i);
  });
  const row = new Array<number>(ids.length).fill(0);
  for (const nodes of layers) {
    if (!nodes) continue;
    const centre = (i: number) => {
      const preds = predecessors[i] ?? [];
      return preds.length === 0 ? (row[i] as number) : preds.reduce((sum, p) => sum + (row[p] as number), 0) / preds.length;
    };
    nodes.forEach((n, r) => {
      row[n] = r;
    });
    nodes.sort((a, b) => centre(a) - centre(b) || a - b);
    nodes.forEach((n, r) => {
      row[n] = r;
    });
  }
  const tallest = Math.max(...layers.map((nodes) => nodes?.length ?? 0), 1);
  return workflow.nodes.map((node, i) => {
    const column = layers[layer[i] as number]?.length ?? 1;
    const offset = ((tallest - column) * (NODE_HEIGHT + GAP_Y)) / 2;
    return {
      id: node.id,
      label: node.label ?? node.id,
      op: node.op,
      known: lookup(node.op) !== undefined,
      x: PAD + (layer[i] as number) * (NODE_WIDTH + GAP_X),
      y: PAD + offset + (row[i] as number) * (NODE_HEIGHT + GAP_Y),
    };
  });
}

function shorten(text: string): string {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}
