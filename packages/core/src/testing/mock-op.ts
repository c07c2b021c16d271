import { monotonicFactory } from 'ulid';
import { PatternError } from '../errors.ts';
import type { OpDefinition } from '../ops/define-op.ts';
import type { TestMock } from './test-case-schema.ts';

/**
 * The op a mocked node runs instead of its own: the original's ports and settings, so the node
 * keeps its id, its edges and its config, but it answers the case's outputs or fails as told,
 * and prepares nothing (a mocked call needs no compiled pattern, no callee, no secret).
 */
export function mockOp(name: string, original: OpDefinition, mock: TestMock): OpDefinition {
  const run =
    'outputs' in mock
      ? () => mock.outputs
      : () => {
          throw new PatternError(mock.error.code, mock.error.message ?? `mocked failure: ${mock.error.code}`, mock.error.details ?? null);
        };
  return { ...original, name, prepare: undefined, examples: [], run };
}

/** `http.fetch` inside a test: a case never reaches the network, so an unmocked fetch fails it. */
export function unmockedFetch(original: OpDefinition): OpDefinition {
  return {
    ...original,
    run: (_inputs, ctx) => {
      throw new PatternError('unmocked_fetch', `Node "${ctx.nodeId}" would fetch over the network; a test case must mock it under "mocks"`, {
        nodeId: ctx.nodeId,
      });
    },
  };
}

/** `id.ulid` inside a test: the same case makes the same ids, from its clock and a seed of its own. */
export function seededUlidOp(name: string, original: OpDefinition, seed: string): OpDefinition {
  const next = monotonicFactory(seededRandom(seed));
  return { ...original, name, run: (_inputs, ctx) => ({ id: next(ctx.now()) }) };
}

/** mulberry32 over an FNV-1a hash of the seed: small, fast and plenty for ids that only need to repeat. */
function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 0x01000193);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}
