import type { ReactFlowInstance } from '@xyflow/react';
import type { GraphEdge, OpNode } from './graph.ts';

/** Below this, node titles and port labels get too small to read: fitting never goes further out. */
export const MIN_FIT_ZOOM = 0.75;
const MAX_FIT_ZOOM = 1;
const MARGIN = 48;

/**
 * Fits the graph in view, but never below `MIN_FIT_ZOOM`: a graph too big for that is shown from
 * its entry nodes (those nothing feeds), left-aligned, and the minimap shows the rest.
 */
export async function fitReadable(flow: ReactFlowInstance<OpNode, GraphEdge>, duration?: number): Promise<void> {
  const nodes = flow.getNodes();
  const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
  if (nodes.length === 0 || !pane || pane.width === 0) return;
  const zoomFor = (bounds: { width: number; height: number }) =>
    Math.min((pane.width - 2 * MARGIN) / Math.max(bounds.width, 1), (pane.height - 2 * MARGIN) / Math.max(bounds.height, 1), MAX_FIT_ZOOM);
  const all = flow.getNodesBounds(nodes);
  if (zoomFor(all) >= MIN_FIT_ZOOM) {
    await flow.fitView({ padding: 0.15, minZoom: MIN_FIT_ZOOM, maxZoom: MAX_FIT_ZOOM, ...(duration ? { duration } : {}) });
    return;
  }
  const fed = new Set(flow.getEdges().map((e) => e.target));
  const entries = nodes.filter((n) => !fed.has(n.id));
  const focus = flow.getNodesBounds(entries.length > 0 ? entries : nodes);
  // As much of the rest in view as readability allows.
  const zoom = MIN_FIT_ZOOM;
  const height = focus.height * zoom;
  const y = height + 2 * MARGIN <= pane.height ? (pane.height - height) / 2 - focus.y * zoom : MARGIN - focus.y * zoom;
  await flow.setViewport({ x: MARGIN - focus.x * zoom, y, zoom }, duration ? { duration } : undefined);
}
