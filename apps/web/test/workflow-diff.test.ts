import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Workflow } from '../src/api/types.ts';
import { countChanges, diffValues, diffWorkflows, mergeForDisplay, sameValue } from '../src/editor/versions/workflow-diff.ts';
import { edge, greeting } from './fixtures/workflows.ts';

// The diff's pure part, checked without a browser: the same code the versions panel runs.

const base: Workflow = greeting('pure', '/pure/:name');

describe('workflow diff', () => {
  test('finds added, removed and changed nodes, edges, and config changes field by field', () => {
    const after: Workflow = {
      ...base,
      name: 'Renamed',
      nodes: [
        { ...base.nodes[0]!, position: { x: 50, y: 50 } },
        { id: 'text', op: 'string.template', config: { template: 'v2', extra: { deep: [1, 2] } } },
        { id: 'res', op: 'http.response', config: { status: 201 } },
        { id: 'log', op: 'debug.log' },
      ],
      edges: [edge('req', 'params', 'text', 'data'), edge('text', 'text', 'log', 'value')],
    };
    const diff = diffWorkflows(base, after);
    expect(diff.nodesAdded.map((n) => n.id)).toEqual(['log']);
    expect(diff.nodesRemoved.map((n) => n.id)).toEqual(['spare']);
    expect(diff.nodesChanged.map((c) => [c.id, c.config.map((f) => `${f.kind} ${f.path}`)])).toEqual([
      ['text', ['added extra', 'changed template']],
      ['res', ['added status']],
    ]);
    expect(diff.nodesMoved).toEqual(['req']);
    expect(diff.edgesAdded).toEqual([edge('text', 'text', 'log', 'value')]);
    expect(diff.edgesRemoved).toEqual([edge('text', 'text', 'res', 'body')]);
    expect(diff.meta).toEqual([{ path: 'name', kind: 'changed', before: 'Greet with versions', after: 'Renamed' }]);
    expect(diff.sameEngineContent).toBe(false);

    const merged = mergeForDisplay(after, diff);
    expect(merged.workflow.nodes.map((n) => n.id)).toEqual(['req', 'text', 'res', 'log', 'spare']);
    expect(merged.nodeMarks.get('spare')).toBe('removed');
    expect(merged.nodeMarks.get('log')).toBe('added');
    expect(merged.nodeMarks.get('text')).toBe('changed');
    expect(merged.nodeMarks.has('req')).toBe(false);
    expect(merged.edgeMarks.get('text.text->res.body')).toBe('removed');
    expect(merged.edgeMarks.get('text.text->log.value')).toBe('added');
  });

  test('names nested config changes by path, and an op swapped under the same id', () => {
    expect(diffValues({ a: { b: [1, { c: 2 }] }, 'odd key': 1 }, { a: { b: [1, { c: 3 }, 4] }, 'odd key': 2 })).toEqual([
      { path: 'a.b[1].c', kind: 'changed', before: 2, after: 3 },
      { path: 'a.b[2]', kind: 'added', before: undefined, after: 4 },
      { path: '"odd key"', kind: 'changed', before: 1, after: 2 },
    ]);
    const swapped = diffWorkflows(base, { ...base, nodes: base.nodes.map((n) => (n.id === 'spare' ? { ...n, op: 'flow.constant' } : n)) });
    expect(swapped.nodesChanged).toHaveLength(1);
    expect(swapped.nodesChanged[0]?.op).toEqual({ before: 'flow.input', after: 'flow.constant' });
  });

  test('moves, key order and edge order change nothing that runs', () => {
    const shuffled: Workflow = {
      ...base,
      nodes: [...base.nodes].reverse().map((n) => ({
        ...n,
        position: { x: (n.position?.x ?? 0) + 100, y: 7 },
        config: n.config && Object.fromEntries(Object.entries(n.config).reverse()),
      })),
      edges: [...base.edges].reverse(),
    };
    const diff = diffWorkflows(base, shuffled);
    expect(countChanges(diff)).toBe(0);
    expect(diff.sameEngineContent).toBe(true);
    expect(diff.nodesMoved.sort()).toEqual(['req', 'res', 'spare', 'text']);
  });

  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 4 }),
  })).value;

  /** Reads a path the diff wrote: `a.b`, `[2]`, `["odd key"]`. */
  function at(value: unknown, path: string): unknown {
    const parts = path.match(/[A-Za-z_$][A-Za-z0-9_$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\]|^"(?:[^"\\]|\\.)*"/g) ?? [];
    let current = value;
    for (const part of parts) {
      const key = part.startsWith('[') ? JSON.parse(part.slice(1, -1)) : part.startsWith('"') ? JSON.parse(part) : part;
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string | number, unknown>)[key as string];
    }
    return current;
  }

  test('every field change points at the values it reports, and no change means equal values', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 5 }),
        fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 5 }),
        (a, b) => {
          const changes = diffValues(a, b);
          expect(changes.length === 0).toBe(sameValue(a, b));
          expect(diffValues(a, a)).toEqual([]);
          for (const change of changes) {
            expect(sameValue(at(a, change.path), change.before)).toBe(true);
            expect(sameValue(at(b, change.path), change.after)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
