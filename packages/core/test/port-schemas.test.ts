import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { httpRequest } from '../src/base-ops/http.ts';
import { defineOp } from '../src/index.ts';
import { JsonObjectSchema } from '../src/json/object-schema.ts';
import { nodePorts } from '../src/ops/node-ports.ts';

describe('portSchemas', () => {
  it('types an output from the JSON Schema in the node’s config, and checks values on it', () => {
    const { ports, problems } = nodePorts(httpRequest, {
      path: '/orders',
      bodySchema: { type: 'object', required: ['qty'], properties: { qty: { type: 'number' } } },
    });
    expect(problems).toEqual([]);
    const body = ports.outputByName.get('body');
    expect(body?.types && [...body.types]).toEqual(['object']);
    expect(body?.schema.safeParse({ qty: 2 }).success).toBe(true);
    expect(body?.schema.safeParse({ qty: 'two' }).success).toBe(false);
    expect(ports.outputByName.get('params')).toBe(httpRequest.outputByName.get('params'));
  });

  it('leaves the op’s own ports, unshared copies and all, when the config types none', () => {
    expect(nodePorts(httpRequest, { path: '/orders' }).ports).toBe(httpRequest);
    expect(nodePorts(httpRequest, { path: '/orders', bodySchema: {} }).ports).toBe(httpRequest);
  });

  it('must name an output and a config key the op has', () => {
    const spec = {
      name: 'test.typed',
      description: 'A typed output.',
      config: z.object({ shape: JsonObjectSchema.optional() }),
      outputs: { value: { description: 'The value.' } },
      run: () => ({}),
    };
    expect(() => defineOp({ ...spec, portSchemas: { outputs: { value: 'shape' } } })).not.toThrow();
    expect(() => defineOp({ ...spec, portSchemas: { outputs: { value: 'missing' } } })).toThrow(/both must exist/);
    expect(() => defineOp({ ...spec, portSchemas: { outputs: { other: 'shape' } } })).toThrow(/both must exist/);
  });
});
