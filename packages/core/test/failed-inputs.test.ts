import { describe, expect, it } from 'vitest';
import { createEngine } from '../src/index.ts';

const edge = (from: string, fromPort: string, to: string, toPort: string) => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

describe('a node refused for its inputs', () => {
  it('keeps in its trace the values it got, so history shows the one that failed', async () => {
    const engine = createEngine({ mods: [] });
    await engine.start();
    try {
      const run = await engine.run({
        workflow: {
          nodes: [
            { id: 'in', op: 'flow.input' },
            { id: 'add', op: 'math.add', config: { b: 1 } },
          ],
          edges: [edge('in', 'value', 'add', 'a')],
        },
        input: 'forty-one',
      });
      expect(run.status).toBe('error');
      expect(run.nodes.add?.error?.code).toBe('invalid_input');
      expect(run.nodes.add?.inputs).toMatchObject({ a: 'forty-one', b: 1 });
    } finally {
      await engine.stop();
    }
  });
});
