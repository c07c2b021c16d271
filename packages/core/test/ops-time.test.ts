import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../src/index.ts';
import { startedEngine } from './helpers.ts';
import { invoker } from './ops-invoke-helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await startedEngine();
});
afterAll(async () => {
  await engine.stop();
});

const { output, failure, refusedOrOk } = invoker(() => engine);

/** The four daylight-saving changes of 2026 in the zones the property covers, as instants. */
const CHANGES: Array<[zone: string, iso: string]> = [
  ['Europe/Berlin', '2026-03-29T01:00:00Z'],
  ['Europe/Berlin', '2026-10-25T01:00:00Z'],
  ['America/New_York', '2026-03-08T07:00:00Z'],
  ['America/New_York', '2026-11-01T06:00:00Z'],
];
const DAY = 86_400_000;

/** A zone and an instant within three days of one of its changes, to the minute. */
const nearChange = fc
  .record({ change: fc.constantFrom(...CHANGES), minutes: fc.integer({ min: -3 * 1440, max: 3 * 1440 }) })
  .map(({ change: [zone, iso], minutes }) => ({ zone, ms: Date.parse(iso) + minutes * 60_000 }));

describe('time.add then time.subtract', () => {
  it('returns the start for elapsed units, across every change', async () => {
    const amount = fc.record(
      {
        hours: fc.integer({ min: -200, max: 200 }),
        minutes: fc.integer({ min: -5000, max: 5000 }),
        seconds: fc.integer({ min: -1e6, max: 1e6 }),
        milliseconds: fc.integer(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(nearChange, amount, async ({ zone, ms }, amount) => {
        const added = await output('time.add', { time: ms, amount }, { zone });
        const back = await output('time.subtract', { time: added.time, amount }, { zone });
        expect(back.ms).toBe(ms);
      }),
      { numRuns: 150 },
    );
  });

  it('returns the start for calendar units whenever the wall-clock time exists once on both days', async () => {
    // Months then days is not undone by months then days (March 28 less a month and 29 days is
    // January 30; January 30 plus a month is clamped to February 28), so each draw is one or the other.
    const amount = fc.oneof(
      fc.record({ years: fc.integer({ min: -3, max: 3 }), months: fc.integer({ min: -30, max: 30 }) }, { requiredKeys: [] }),
      fc.record({ weeks: fc.integer({ min: -10, max: 10 }), days: fc.integer({ min: -40, max: 40 }) }, { requiredKeys: [] }),
    );
    let held = 0;
    await fc.assert(
      fc.asyncProperty(nearChange, amount, async ({ zone, ms }, amount) => {
        const start = DateTime.fromMillis(ms, { zone });
        // Months from the 29th on land on the last day of a shorter month: not invertible by design.
        fc.pre(start.day <= 28);
        const added = await output('time.add', { time: ms, amount }, { zone });
        const back = await output('time.subtract', { time: added.time, amount }, { zone });
        const landed = DateTime.fromISO(added.time as string, { setZone: true });
        const inGap = landed.hour !== start.hour || landed.minute !== start.minute;
        // The repeated hour when clocks go back: the same wall-clock time names two instants.
        const sameWallClock = (other: number) => DateTime.fromMillis(other, { zone }).toFormat('HH:mm') === start.toFormat('HH:mm');
        const repeated = sameWallClock(ms - 3_600_000) || sameWallClock(ms + 3_600_000);
        if (inGap || repeated) return;
        held++;
        expect(back.ms).toBe(ms);
        expect(back.time).toBe(start.toISO());
      }),
      { numRuns: 200 },
    );
    expect(held).toBeGreaterThan(100);
  });

  it('moves a wall-clock time that does not exist forward by the gap, and keeps the offset in a repeated hour', async () => {
    const berlinGap = await output('time.add', { time: '2026-03-28T02:30:00+01:00', amount: { days: 1 } }, { zone: 'Europe/Berlin' });
    expect(berlinGap.time).toBe('2026-03-29T03:30:00.000+02:00');
    const newYorkGap = await output('time.subtract', { time: '2026-03-09T02:30:00-04:00', amount: { days: 1 } }, { zone: 'America/New_York' });
    expect(newYorkGap.time).toBe('2026-03-08T03:30:00.000-04:00');
    const berlinRepeated = await output('time.add', { time: '2026-10-24T02:30:00+02:00', amount: { days: 1 } }, { zone: 'Europe/Berlin' });
    expect(berlinRepeated.time).toBe('2026-10-25T02:30:00.000+02:00');
    const berlinWinter = await output('time.subtract', { time: '2026-10-26T02:30:00+01:00', amount: { days: 1 } }, { zone: 'Europe/Berlin' });
    expect(berlinWinter.time).toBe('2026-10-25T02:30:00.000+01:00');
    const newYorkRepeated = await output('time.add', { time: '2026-10-31T01:30:00-04:00', amount: { days: 1 } }, { zone: 'America/New_York' });
    expect(newYorkRepeated.time).toBe('2026-11-01T01:30:00.000-04:00');
  });
});

describe('time.diff', () => {
  it('is minus itself with the ends swapped, and agrees with the milliseconds', async () => {
    const instant = fc.integer({ min: Date.parse('1900-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') });
    await fc.assert(
      fc.asyncProperty(instant, instant, async (a, b) => {
        const forward = await output('time.diff', { from: a, to: b });
        const backward = await output('time.diff', { from: b, to: a });
        expect(forward.value).toBe(b - a);
        expect(backward.value).toBe(a - b);
      }),
      { numRuns: 60 },
    );
  });

  it('counts months on the calendar of the zone', async () => {
    const span = { from: '2026-03-01T00:00:00-05:00', to: '2026-04-01T00:00:00-04:00' };
    expect((await output('time.diff', span, { unit: 'months', zone: 'America/New_York' })).value).toBe(1);
    expect((await output('time.diff', span, { unit: 'months', zone: 'UTC' })).value).toBeLessThan(1);
  });
});

describe('time.format and time.parse', () => {
  it('parse(format(t)) is t for a pattern with every field down to the millisecond', async () => {
    // From 1970: before, zones like Asia/Kolkata had offsets in seconds, which `ZZ` cannot write.
    const instant = fc.integer({ min: 0, max: Date.parse('9999-01-01T00:00:00Z') });
    const format = "yyyy-MM-dd'T'HH:mm:ss.SSS ZZ";
    await fc.assert(
      fc.asyncProperty(instant, fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'), async (ms, zone) => {
        const { text } = await output('time.format', { time: ms }, { format, zone });
        const parsed = await output('time.parse', { text }, { format });
        expect(parsed.ms).toBe(ms);
      }),
      { numRuns: 80 },
    );
  });

  it('names the text and the format when the text does not fit', async () => {
    const error = await failure('time.parse', { text: '31/02/2026' }, { format: 'dd/MM/yyyy' });
    expect(error.code).toBe('invalid_time');
    expect(error.message).toContain('"31/02/2026"');
    expect(error.message).toContain('"dd/MM/yyyy"');
    expect(error.details).toMatchObject({ field: 'text', text: '31/02/2026' });
  });

  it('reads text without an offset in the zone given, and the named formats', async () => {
    expect((await output('time.parse', { text: '2026-07-14 10:05:00' }, { format: 'SQL', zone: 'America/New_York' })).time).toBe(
      '2026-07-14T10:05:00.000-04:00',
    );
    expect((await output('time.parse', { text: 'Tue, 14 Jul 2026 08:05:00 GMT' }, { format: 'HTTP' })).ms).toBe(Date.parse('2026-07-14T08:05:00Z'));
    expect((await output('time.parse', { text: '14 juillet 2026' }, { format: 'd LLLL yyyy', locale: 'fr' })).time).toBe('2026-07-14T00:00:00.000Z');
  });

  it('refuses a zone or locale it does not know, at validation, naming the field', async () => {
    const zone = await failure('time.format', { time: 0 }, { zone: 'Mars/Olympus' });
    expect(zone.code).toBe('validation_failed');
    expect(JSON.stringify(zone.details)).toMatch(/nodes\[0\]\.config\.zone.*Not a time zone/);
    const system = await failure('time.startOf', { time: 0 }, { zone: 'system' });
    expect(JSON.stringify(system.details)).toMatch(/Not a time zone/);
    const locale = await failure('time.format', { time: 0 }, { locale: 'not a locale' });
    expect(JSON.stringify(locale.details)).toMatch(/nodes\[0\]\.config\.locale.*Not a locale/);
  });
});

describe('time.startOf and time.endOf', () => {
  it('bracket the time, and the end of a day is a millisecond before the next start', async () => {
    await fc.assert(
      fc.asyncProperty(nearChange, fc.constantFrom('day', 'week', 'month', 'year'), async ({ zone, ms }, unit) => {
        const start = await output('time.startOf', { time: ms }, { unit, zone });
        const end = await output('time.endOf', { time: ms }, { unit, zone });
        expect(start.ms as number).toBeLessThanOrEqual(ms);
        expect(end.ms as number).toBeGreaterThanOrEqual(ms);
        const next = await output('time.startOf', { time: (end.ms as number) + 1 }, { unit, zone });
        expect(next.ms).toBe((end.ms as number) + 1);
      }),
      { numRuns: 80 },
    );
  });

  it('gives a 23-hour day where clocks go forward', async () => {
    const start = await output('time.startOf', { time: '2026-03-29T12:00:00+02:00' }, { zone: 'Europe/Berlin' });
    const end = await output('time.endOf', { time: '2026-03-29T12:00:00+02:00' }, { zone: 'Europe/Berlin' });
    expect((end.ms as number) + 1 - (start.ms as number)).toBe(23 * 3_600_000);
  });
});

describe('hostile input to the time ops', () => {
  it('gives a value or a node error, never a crash', async () => {
    const hostile: unknown[] = ['x'.repeat(1_000_000), '2026-01-01\u0000T00:00Z', '\ud800', '', ' ', 1e308, -1e308, 8.64e15 + 1, '9'.repeat(200)];
    for (const time of hostile) {
      for (const op of ['time.format', 'time.startOf', 'time.endOf']) await refusedOrOk(op, { time });
      await refusedOrOk('time.add', { time, amount: { days: 1 } });
      await refusedOrOk('time.diff', { from: time, to: 0 });
      await refusedOrOk('time.parse', { text: time });
      await refusedOrOk('time.parse', { text: time }, { format: 'yyyy' });
    }
  });

  it('refuses amounts no time can hold, and keys that are not units', async () => {
    const far = await failure('time.add', { time: 0, amount: { years: 1e15 } });
    expect(far.code).toBe('time_out_of_range');
    const absurd = await failure('time.add', { time: 0, amount: { days: 1e300 } });
    expect(JSON.stringify(absurd.details)).toContain('amount');
    const proto = await failure('time.add', { time: 0, amount: JSON.parse('{"__proto__":{"days":1}}') });
    expect(JSON.stringify(proto)).toContain('amount');
    const edge = await output('time.add', { time: 8.64e15 - DAY, amount: { days: 1 } });
    expect(edge.ms).toBe(8.64e15);
    expect((await failure('time.add', { time: 8.64e15, amount: { milliseconds: 1 } })).code).toBe('time_out_of_range');
  });

  it('formats with a pattern of every token at its longest, quickly and completely', async () => {
    const format = 'yyyy-MM-dd HH:mm:ss.SSS '.repeat(10);
    const { text } = await output('time.format', { time: 0 }, { format });
    expect(text).toBe('1970-01-01 00:00:00.000 '.repeat(10));
    expect((await failure('time.format', { time: 0 }, { format: `${format}${'x'.repeat(20)}` })).code).toBe('validation_failed');
  });
});
