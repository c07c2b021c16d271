import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import { CalendarUnitSchema, readTime, TimeValueSchema, timeOutputPorts, timeOutputs, ZoneSchema } from './time-shared.ts';

const config = z.object({
  unit: CalendarUnitSchema.default('day').describe('day, week (weeks start on Monday), month or year.'),
  zone: ZoneSchema.optional().describe('The zone whose calendar counts; default the offset `time` gives (UTC when none).'),
});
const inputs = { time: { schema: TimeValueSchema, description: 'ISO 8601 text, or milliseconds since 1970.' } };

export const timeStartOf = defineOp({
  name: 'time.startOf',
  title: 'Start of',
  category: 'time',
  keywords: ['midnight', 'beginning', 'truncate', 'floor', 'day', 'week', 'month'],
  description:
    'The first moment of the day, week (from Monday), month or year a time falls in, on the calendar of `zone`. Where a day starts inside a daylight-saving gap, its first moment is the first one that exists.',
  config,
  inputs,
  outputs: timeOutputPorts,
  examples: [
    {
      title: 'Midnight in Berlin',
      config: { unit: 'day', zone: 'Europe/Berlin' },
      inputs: { time: '2026-07-14T08:05:00Z' },
      outputs: { time: '2026-07-14T00:00:00.000+02:00', ms: 1783980000000 },
    },
    {
      title: 'The Monday of the week',
      config: { unit: 'week' },
      inputs: { time: '2026-07-16T08:05:00Z' },
      outputs: { time: '2026-07-13T00:00:00.000Z', ms: 1783900800000 },
    },
  ],
  run: (inputs, ctx) => timeOutputs(readTime(inputs.time, 'time', ctx.config.zone).startOf(ctx.config.unit)),
});

export const timeEndOf = defineOp({
  name: 'time.endOf',
  title: 'End of',
  category: 'time',
  keywords: ['last moment', 'ceiling', 'day', 'week', 'month', 'year'],
  description: 'The last millisecond of the day, week (to Sunday), month or year a time falls in, on the calendar of `zone`.',
  config,
  inputs,
  outputs: timeOutputPorts,
  examples: [
    {
      title: 'The end of the month',
      config: { unit: 'month' },
      inputs: { time: '2026-02-10T08:05:00Z' },
      outputs: { time: '2026-02-28T23:59:59.999Z', ms: 1772323199999 },
    },
    {
      title: 'The end of the year in New York',
      config: { unit: 'year', zone: 'America/New_York' },
      inputs: { time: '2026-07-14T08:05:00Z' },
      outputs: { time: '2026-12-31T23:59:59.999-05:00', ms: 1798779599999 },
    },
  ],
  run: (inputs, ctx) => timeOutputs(readTime(inputs.time, 'time', ctx.config.zone).endOf(ctx.config.unit)),
});
