import type { NodeTrace } from '@pattern/core';
import { describe, expect, it } from 'vitest';
import { decodeTraces, encodeTraces } from '../src/persistence/runs/trace-codec.ts';

const roundTrip = (nodes: Record<string, NodeTrace>, startedAt: string) =>
  decodeTraces(JSON.parse(JSON.stringify(encodeTraces(nodes, startedAt))), startedAt);

describe('trace codec', () => {
  it('stores times as offsets from the start and reads back the same text', () => {
    const startedAt = '2026-12-02T07:25:35.967Z';
    const nodes: Record<string, NodeTrace> = {
      a: { status: 'ok', startedAt, endedAt: '2026-12-02T07:25:35.968Z', durationMs: 1, inputs: { x: 1 }, outputs: { y: 2 } },
      b: { status: 'ok', startedAt: '2026-12-02T07:25:59.999Z', endedAt: '2026-12-02T07:26:00.004Z', durationMs: 5 },
      c: { status: 'error', startedAt: '2026-12-02T08:00:00.000Z', error: { code: 'boom', message: 'Boom', details: null } },
      d: { status: 'skipped' },
    };
    const encoded = encodeTraces(nodes, startedAt);
    expect(encoded[0]?.slice(2, 4)).toEqual([0, 1]);
    expect(encoded[1]?.slice(2, 4)).toEqual([24_032, 24_037]);
    expect(encoded[2]?.[2]).toBe(2_064_033);
    expect(roundTrip(nodes, startedAt)).toEqual(nodes);
  });

  it('keeps text that would not come back the same as text', () => {
    const startedAt = '2026-12-02T07:25:35.967Z';
    const odd = ['2026-12-02T07:25:60.000Z', '2026-12-02T07:25:3a.000Z', '2026-12-02T07:25:35.96Z', '2026-12-02T07:25:35,967Z', 'yesterday'];
    const nodes = Object.fromEntries(odd.map((at, i) => [`n${i}`, { status: 'ok' as const, startedAt: at }]));
    const encoded = encodeTraces(nodes, startedAt);
    expect(encoded.map((tuple) => tuple[2])).toEqual(odd);
    expect(roundTrip(nodes, startedAt)).toEqual(nodes);
  });

  it('keeps every time as text when the start itself is not canonical', () => {
    const startedAt = '2026-02-30T07:25:35.967Z';
    const nodes: Record<string, NodeTrace> = { a: { status: 'ok', startedAt, endedAt: '2026-02-30T07:25:35.970Z' } };
    expect(encodeTraces(nodes, startedAt)[0]?.slice(2, 4)).toEqual([startedAt, '2026-02-30T07:25:35.970Z']);
    expect(roundTrip(nodes, startedAt)).toEqual(nodes);
  });
});
