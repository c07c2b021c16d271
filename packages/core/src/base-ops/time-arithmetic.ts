import { z } from 'zod';
import { PatternError } from '../errors.ts';
import { defineOp } from '../ops/define-op.ts';
import { checkValid, readTime, TIME_UNITS, TimeValueSchema, timeOutputPorts, timeOutputs, ZoneSchema } from './time-shared.ts';

/** One amount per unit; beyond ±10^15 of anything no time can be written anyway. */
const Amount = z.number().min(-1e15).max(1e15);
const AmountSchema = z
  .object(
    Object.fromEntries(TIME_UNITS.map((unit) => [unit, Amount.optional()])) as Record<(typeof TIME_UNITS)[number], z.ZodOptional<typeof Amount>>,
  )
  .strict();

const description = (verb: string) =>
  `${verb} an amount of time: calendar units (years, quarters, months, weeks, days) move the wall clock in \`zone\`, so a day is 23 or 25 hours across a daylight-saving change; hours and smaller are exact elapsed time. A month from January 31 is the last day of February. A wall-clock time that does not exist in the zone (02:30 on the night clocks go forward) moves forward by the gap, to 03:30; one that exists twice (the hour repeated when clocks go back) keeps the offset the start had. Away from those hours, and for months from a day up to the 28th, subtracting what was added gives the start back.`;

const config = z.object({
  zone: ZoneSchema.optional().describe(
    'The zone calendar units count in, and the result is shown in; default the offset `time` gives (UTC when none).',
  ),
});

const inputs = {
  time: { schema: TimeValueSchema, description: 'ISO 8601 text, or milliseconds since 1970.' },
  amount: {
    schema: AmountSchema,
    description: 'How much, per unit: `{ "days": 1, "hours": 2 }` (years, quarters, months, weeks, days, hours, minutes, seconds, milliseconds).',
  },
};

function shift(time: z.infer<typeof TimeValueSchema>, amount: z.infer<typeof AmountSchema>, zone: string | undefined, sign: 1 | -1) {
  const start = readTime(time, 'time', zone);
  const signed = Object.fromEntries(Object.entries(amount).map(([unit, value]) => [unit, sign * (value ?? 0) + 0]));
  try {
    return timeOutputs(checkValid(start.plus(signed), 'result'));
  } catch (error) {
    if (error instanceof PatternError) throw error;
    throw new PatternError('invalid_amount', `The amount cannot be applied: ${(error as Error).message}`, { field: 'amount' });
  }
}

export const timeAdd = defineOp({
  name: 'time.add',
  title: 'Add time',
  category: 'time',
  keywords: ['date', 'later', 'plus', 'duration', 'days', 'timezone', 'dst'],
  description: description('Adds'),
  config,
  inputs,
  outputs: timeOutputPorts,
  examples: [
    {
      title: 'A day later, across the change to summer time',
      config: { zone: 'Europe/Berlin' },
      inputs: { time: '2026-03-28T12:00:00+01:00', amount: { days: 1 } },
      outputs: { time: '2026-03-29T12:00:00.000+02:00', ms: 1774778400000 },
    },
    {
      title: '24 hours later, across the same change',
      config: { zone: 'Europe/Berlin' },
      inputs: { time: '2026-03-28T12:00:00+01:00', amount: { hours: 24 } },
      outputs: { time: '2026-03-29T13:00:00.000+02:00', ms: 1774782000000 },
    },
    {
      title: 'A month after January 31',
      inputs: { time: '2026-01-31T09:00:00Z', amount: { months: 1 } },
      outputs: { time: '2026-02-28T09:00:00.000Z', ms: 1772269200000 },
    },
  ],
  run: (inputs, ctx) => shift(inputs.time, inputs.amount, ctx.config.zone, 1),
});

export const timeSubtract = defineOp({
  name: 'time.subtract',
  title: 'Subtract time',
  category: 'time',
  keywords: ['date', 'earlier', 'minus', 'ago', 'duration', 'timezone'],
  description: description('Subtracts'),
  config,
  inputs,
  outputs: timeOutputPorts,
  examples: [
    {
      title: 'A week earlier',
      inputs: { time: '2026-06-15T08:30:00Z', amount: { weeks: 1 } },
      outputs: { time: '2026-06-08T08:30:00.000Z', ms: 1780907400000 },
    },
    {
      title: 'A day before, across the end of summer time',
      config: { zone: 'America/New_York' },
      inputs: { time: '2026-11-01T12:00:00-05:00', amount: { days: 1 } },
      outputs: { time: '2026-10-31T12:00:00.000-04:00', ms: 1793462400000 },
    },
  ],
  run: (inputs, ctx) => shift(inputs.time, inputs.amount, ctx.config.zone, -1),
});
