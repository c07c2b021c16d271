import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import { readTime, TimeUnitSchema, TimeValueSchema, ZoneSchema } from './time-shared.ts';

const PART_UNITS = ['years', 'months', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'] as const;
const PartsSchema = z.object(Object.fromEntries(PART_UNITS.map((unit) => [unit, z.number()])) as Record<(typeof PART_UNITS)[number], z.ZodNumber>);

export const timeDiff = defineOp({
  name: 'time.diff',
  title: 'Time between',
  category: 'time',
  keywords: ['difference', 'between', 'duration', 'age', 'elapsed', 'until', 'since'],
  description:
    'How much time lies from `from` to `to` (negative when `to` is earlier): in one unit, possibly fractional, and broken down into every unit from years to milliseconds. Calendar units count wall-clock days in `zone`, so the day of a daylight-saving change counts as one day.',
  config: z.object({
    unit: TimeUnitSchema.default('milliseconds').describe(
      'The unit of `value`: years, quarters, months, weeks, days, hours, minutes, seconds or milliseconds.',
    ),
    zone: ZoneSchema.optional().describe('The zone calendar units count in; default the offset `from` gives (UTC when none).'),
  }),
  inputs: {
    from: { schema: TimeValueSchema, description: 'The start: ISO 8601 text, or milliseconds since 1970.' },
    to: { schema: TimeValueSchema, description: 'The end: ISO 8601 text, or milliseconds since 1970.' },
  },
  outputs: {
    value: { schema: z.number(), description: 'The difference in `unit`.' },
    parts: { schema: PartsSchema, description: 'The difference as years, months, days, hours, minutes, seconds and milliseconds.' },
  },
  examples: [
    {
      title: 'Days until a date',
      config: { unit: 'days' },
      inputs: { from: '2026-01-01T00:00:00Z', to: '2026-03-01T12:00:00Z' },
      outputs: { value: 59.5, parts: { years: 0, months: 2, days: 0, hours: 12, minutes: 0, seconds: 0, milliseconds: 0 } },
    },
    {
      title: 'One calendar day of 23 hours',
      config: { unit: 'hours', zone: 'Europe/Berlin' },
      inputs: { from: '2026-03-29T00:00:00+01:00', to: '2026-03-30T00:00:00+02:00' },
      outputs: { value: 23, parts: { years: 0, months: 0, days: 1, hours: 0, minutes: 0, seconds: 0, milliseconds: 0 } },
    },
  ],
  run: (inputs, ctx) => {
    const from = readTime(inputs.from, 'from', ctx.config.zone);
    const to = readTime(inputs.to, 'to', ctx.config.zone).setZone(from.zone);
    const parts = to.diff(from, [...PART_UNITS]).toObject();
    return {
      value: to.diff(from, ctx.config.unit).as(ctx.config.unit) + 0,
      parts: Object.fromEntries(PART_UNITS.map((unit) => [unit, (parts[unit] ?? 0) + 0])) as z.infer<typeof PartsSchema>,
    };
  },
});
