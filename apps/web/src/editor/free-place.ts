import type { XYPosition } from '@xyflow/react';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Space kept between an inserted node and its neighbours, so handles and edges stay clickable. */
export const NODE_GAP = 32;
const STEP = 40;
const MAX_RINGS = 60;

function overlaps(a: Rect, b: Rect, gap: number): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

function isFree(candidate: Rect, taken: readonly Rect[], gap: number): boolean {
  return taken.every((rect) => !overlaps(candidate, rect, gap));
}

/**
 * The free spot for a node of `size` nearest to `wanted` (its top-left corner): rings of grid
 * points around it, nearest first, rightwards and downwards preferred on ties, so a new step lands
 * beside what the user is looking at rather than anywhere that happens to be empty.
 */
export function freePlace(wanted: XYPosition, size: Size, taken: readonly Rect[], gap = NODE_GAP): XYPosition {
  const at = (x: number, y: number): Rect => ({ x, y, width: size.width, height: size.height });
  if (isFree(at(wanted.x, wanted.y), taken, gap)) return wanted;
  for (let ring = 1; ring <= MAX_RINGS; ring++) {
    const candidates: Array<{ x: number; y: number; d: number }> = [];
    for (let i = -ring; i <= ring; i++) {
      for (const [dx, dy] of [
        [ring, i],
        [-ring, i],
        [i, ring],
        [i, -ring],
      ] as const) {
        // Left and up cost a little more than right and down: a flow reads left to right, top to bottom.
        const d = Math.hypot(dx, dy) + (dx < 0 ? 0.25 : 0) + (dy < 0 ? 0.1 : 0);
        candidates.push({ x: wanted.x + dx * STEP, y: wanted.y + dy * STEP, d });
      }
    }
    candidates.sort((a, b) => a.d - b.d);
    const found = candidates.find((c) => isFree(at(c.x, c.y), taken, gap));
    if (found) return { x: found.x, y: found.y };
  }
  // A canvas this crowded: below everything, which is always free.
  const bottom = Math.max(...taken.map((r) => r.y + r.height));
  return { x: wanted.x, y: bottom + gap };
}

/** Where a new node goes beside the selection: to its right, top-aligned with it. */
export function besideSelection(selected: readonly Rect[], gap = NODE_GAP * 2): XYPosition | undefined {
  if (selected.length === 0) return undefined;
  const right = Math.max(...selected.map((r) => r.x + r.width));
  const top = Math.min(...selected.map((r) => r.y));
  return { x: right + gap, y: top };
}
