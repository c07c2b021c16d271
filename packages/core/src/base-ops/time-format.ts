import { DateTime, type DateTimeFormatOptions } from 'luxon';
import { z } from 'zod';
import { PatternError } from '../errors.ts';
import { defineOp } from '../ops/define-op.ts';
import { LocaleSchema, quote, readTime, TimeValueSchema, timeOutputPorts, timeOutputs, ZoneSchema } from './time-shared.ts';

/** Luxon's `Intl` presets: the locale decides the order, words and punctuation. */
const STYLES = [
  'DATE_SHORT',
  'DATE_MED',
  'DATE_MED_WITH_WEEKDAY',
  'DATE_FULL',
  'DATE_HUGE',
  'TIME_SIMPLE',
  'TIME_WITH_SECONDS',
  'TIME_WITH_SHORT_OFFSET',
  'TIME_WITH_LONG_OFFSET',
  'TIME_24_SIMPLE',
  'TIME_24_WITH_SECONDS',
  'TIME_24_WITH_SHORT_OFFSET',
  'TIME_24_WITH_LONG_OFFSET',
  'DATETIME_SHORT',
  'DATETIME_SHORT_WITH_SECONDS',
  'DATETIME_MED',
  'DATETIME_MED_WITH_SECONDS',
  'DATETIME_MED_WITH_WEEKDAY',
  'DATETIME_FULL',
  'DATETIME_FULL_WITH_SECONDS',
  'DATETIME_HUGE',
  'DATETIME_HUGE_WITH_SECONDS',
] as const;
type Style = (typeof STYLES)[number];
const STYLE_SET: ReadonlySet<string> = new Set(STYLES);

/** Fixed formats that are not token patterns; named as Luxon names their methods. */
const WRITERS: Record<string, (time: DateTime) => string | null> = {
  ISO: (time) => time.toISO(),
  ISO_DATE: (time) => time.toISODate(),
  RFC2822: (time) => time.toRFC2822(),
  HTTP: (time) => time.toHTTP(),
  SQL: (time) => time.toSQL(),
};
const READERS: Record<string, (text: string, options: { zone: string; locale: string; setZone: boolean }) => DateTime> = {
  ISO: (text, options) => DateTime.fromISO(text, options),
  RFC2822: (text, options) => DateTime.fromRFC2822(text, options),
  HTTP: (text, options) => DateTime.fromHTTP(text, options),
  SQL: (text, options) => DateTime.fromSQL(text, options),
};

const FormatSchema = z.string().min(1).max(256);

export const timeFormat = defineOp({
  name: 'time.format',
  title: 'Format time',
  category: 'time',
  keywords: ['date', 'print', 'display', 'locale', 'intl', 'timezone', 'toString'],
  description:
    'Writes a time as text for people: an `Intl` style (`DATE_MED`, `DATETIME_FULL`, … the locale picks the words and order), a fixed format (`ISO`, `ISO_DATE`, `RFC2822`, `HTTP`, `SQL`), or a Luxon token pattern (`yyyy-MM-dd HH:mm`, `cccc d LLLL`; text in single quotes is kept as is).',
  config: z.object({
    format: FormatSchema.default('DATETIME_MED').describe('A style name, a fixed format name, or a Luxon token pattern.'),
    zone: ZoneSchema.optional().describe('Show the time in this zone; default the offset `time` gives (UTC when none).'),
    locale: LocaleSchema.default('en-US').describe('The language and region for names of months and days, and for styles.'),
  }),
  inputs: { time: { schema: TimeValueSchema, description: 'ISO 8601 text, or milliseconds since 1970.' } },
  outputs: { text: { schema: z.string(), description: 'The formatted time.' } },
  examples: [
    {
      title: 'A date pattern',
      config: { format: "cccc, d LLLL yyyy 'at' HH:mm", zone: 'Europe/Berlin' },
      inputs: { time: '2026-07-14T08:05:00Z' },
      outputs: { text: 'Tuesday, 14 July 2026 at 10:05' },
    },
    {
      title: 'A medium date in German',
      config: { format: 'DATE_MED', locale: 'de' },
      inputs: { time: '2026-07-14T08:05:00Z' },
      outputs: { text: '14. Juli 2026' },
    },
    { title: 'An HTTP date header', config: { format: 'HTTP' }, inputs: { time: 1784016300000 }, outputs: { text: 'Tue, 14 Jul 2026 08:05:00 GMT' } },
  ],
  run: (inputs, ctx) => {
    const { format, zone, locale } = ctx.config;
    const time = readTime(inputs.time, 'time', zone).setLocale(locale);
    const writer = WRITERS[format];
    const text = writer
      ? writer(time)
      : STYLE_SET.has(format)
        ? time.toLocaleString(DateTime[format as Style] as DateTimeFormatOptions)
        : time.toFormat(format);
    if (text === null) throw new PatternError('time_out_of_range', `The time cannot be written as ${format}.`, { field: 'time' });
    return { text };
  },
});

export const timeParse = defineOp({
  name: 'time.parse',
  title: 'Parse time',
  category: 'time',
  keywords: ['date', 'read', 'string to date', 'iso 8601', 'strptime', 'timezone'],
  description:
    'Reads a time from text: ISO 8601 by default, a fixed format (`RFC2822`, `HTTP`, `SQL`), or a Luxon token pattern (`dd/MM/yyyy HH:mm`). Text without an offset is read as local time in `zone`. Text that does not fit fails the node with `invalid_time`, naming the text and the format.',
  config: z.object({
    format: FormatSchema.default('ISO').describe('ISO, RFC2822, HTTP, SQL, or a Luxon token pattern.'),
    zone: ZoneSchema.optional().describe(
      'The zone of text without an offset, and the zone the result is shown in; default UTC, and the offset the text gives.',
    ),
    locale: LocaleSchema.default('en-US').describe('The language of month and day names in the text.'),
  }),
  inputs: { text: { schema: z.string().max(256), description: 'The text to read.' } },
  outputs: timeOutputPorts,
  examples: [
    {
      title: 'A day-first date, in Berlin',
      config: { format: 'dd/MM/yyyy HH:mm', zone: 'Europe/Berlin' },
      inputs: { text: '14/07/2026 10:05' },
      outputs: { time: '2026-07-14T10:05:00.000+02:00', ms: 1784016300000 },
    },
    {
      title: 'ISO text keeps its offset',
      inputs: { text: '2026-07-14T10:05:00+02:00' },
      outputs: { time: '2026-07-14T10:05:00.000+02:00', ms: 1784016300000 },
    },
    { title: 'Not a date', inputs: { text: 'next Tuesday' } },
  ],
  run: (inputs, ctx) => {
    const { format, zone, locale } = ctx.config;
    const options = { zone: zone ?? 'utc', locale, setZone: zone === undefined };
    const reader = READERS[format];
    const parsed = reader ? reader(inputs.text, options) : DateTime.fromFormat(inputs.text, format, options);
    if (!parsed.isValid) {
      throw new PatternError('invalid_time', `The text ${quote(inputs.text)} is not a time in the format ${quote(format)}.`, {
        field: 'text',
        text: inputs.text,
        format,
        reason: parsed.invalidExplanation,
      });
    }
    return timeOutputs(zone ? parsed.setZone(zone) : parsed);
  },
});
