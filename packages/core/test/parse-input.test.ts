import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { firstIssue, isPatternError, parseInput } from '../src/index.ts';

const Order = z.strictObject({ items: z.array(z.object({ qty: z.number() })), note: z.string().default('') });

function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (isPatternError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseInput', () => {
  it('hands back the parsed value, defaults filled in', () => {
    expect(parseInput(Order, { items: [{ qty: 1 }] }, 'body')).toEqual({ items: [{ qty: 1 }], note: '' });
  });

  it('names the first problem under the field, in the message and in details', () => {
    const error = refusal(() => parseInput(Order, { items: [{ qty: 1 }, { qty: 'two' }] }, 'body'));
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(/^body\.items\[1\]\.qty: .*expected number/);
    expect(error.details).toEqual({ field: 'body.items.1.qty', issues: [{ path: 'body.items.1.qty', message: expect.stringContaining('number') }] });
  });

  it('names a whole input’s own fields, and the input itself for a problem at its root', () => {
    const nested = refusal(() => parseInput(Order, { items: [{ qty: 'two' }] }, 'order', { whole: true }));
    expect(nested.message).toMatch(/^order\.items\[0\]\.qty: /);
    expect(nested.details).toMatchObject({ field: 'items.0.qty' });
    expect(refusal(() => parseInput(Order, [], 'order', { whole: true })).details).toMatchObject({ field: 'order' });
    expect(refusal(() => parseInput(z.string(), 7, 'name')).details).toMatchObject({ field: 'name' });
  });

  it('names a key that is not allowed itself, not the object it is in', () => {
    const error = refusal(() => parseInput(Order, { items: [], why: 1 }, 'body', { whole: true }));
    expect(error.details).toMatchObject({ field: 'why' });
    expect(error.message).toMatch(/^body\.why: /);
  });

  it('refuses with bad_request when told the value is a malformed request', () => {
    expect(refusal(() => parseInput(z.coerce.number().int(), 'x', 'limit', { code: 'bad_request' }))).toMatchObject({
      code: 'bad_request',
      details: { field: 'limit' },
    });
  });
});

describe('firstIssue', () => {
  it('locates the first problem, under a root when given', () => {
    const parsed = Order.safeParse({ items: [{ qty: null }] });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(firstIssue(parsed.error)).toMatch(/^items\[0\]\.qty: /);
    expect(firstIssue(parsed.error, 'body')).toMatch(/^body\.items\[0\]\.qty: /);
  });
});
