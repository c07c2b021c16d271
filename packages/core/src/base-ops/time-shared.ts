import { DateTime, Info } from 'luxon';
import { z } from 'zod';
import { PatternError } from '../errors.ts';

/** Longer than any real ISO or patterned time, short enough that no parser spends time on hostile text. */
const MAX_TIME_TEXT = 256;

/**
 * An IANA zone (`Europe/Berlin`), `UTC`, or a fixed offset (`UTC+2`). The server's own zone is
 * refused: a workflow must mean the same on every machine.
 */
export const ZoneSchema = z
  .string()
  .max(64)
  .refine((name) => {
    const zone = Info.normalizeZone(name);
    return zone?.isValid === true && zone.type !== 'system';
  }, 'Not a time zone: give an IANA name like "Europe/Berlin", "UTC", or an offset like "UTC+2".');

/** A BCP 47 locale tag (`en-US`, `de`); Intl decides what it knows. */
export const LocaleSchema = z
  .string()
  .max(64)
  .refine((tag) => {
    try {
      return Intl.DateTimeFormat.supportedLocalesOf(tag).length > 0;
    } catch {
      return false;
    }
  }, 'Not a locale this server knows: give a tag like "en-US" or "de".');

/** ISO 8601 text, or milliseconds since 1970-01-01 (as `time.now` gives both). */
export const TimeValueSchema = z.union([z.string().max(MAX_TIME_TEXT), z.number()]);
type TimeValue = z.infer<typeof TimeValueSchema>;

export const TIME_UNITS = ['years', 'quarters', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'] as const;
export const TimeUnitSchema = z.enum(TIME_UNITS);

export const CalendarUnitSchema = z.enum(['day', 'week', 'month', 'year']);

/** Luxon keeps times within ±100,000,000 days of 1970, as `Date` does. */
export function checkValid(time: DateTime, field: string): DateTime {
  if (!time.isValid) {
    throw new PatternError('time_out_of_range', `The ${field} falls outside the times that can be written (about 271,821 BCE to 275,760 CE).`, {
      field,
    });
  }
  return time;
}

/**
 * Reads a time given as ISO text or epoch milliseconds. With `zone`, the result is shown in
 * that zone (text without an offset is read as local time there); without it, the offset the
 * text gives is kept, and text without one is UTC.
 */
export function readTime(value: TimeValue, field: string, zone?: string): DateTime {
  if (typeof value === 'number') {
    const time = DateTime.fromMillis(value, { zone: zone ?? 'utc' });
    if (!time.isValid) throw new PatternError('invalid_time', `The ${field} ${value} is not a time in milliseconds since 1970.`, { field, value });
    return time;
  }
  const time = zone ? DateTime.fromISO(value, { zone }) : DateTime.fromISO(value, { zone: 'utc', setZone: true });
  if (!time.isValid) throw new PatternError('invalid_time', `The ${field} ${quote(value)} is not an ISO 8601 time.`, { field, value });
  return time;
}

/** The two shapes every time op hands on. */
export function timeOutputs(time: DateTime): { time: string; ms: number } {
  return { time: time.toISO() as string, ms: time.toMillis() };
}

export const timeOutputPorts = {
  time: { schema: z.string(), description: 'The time as ISO 8601 text, with its offset (`Z` for UTC).' },
  ms: { schema: z.number(), description: 'The same time in milliseconds since 1970-01-01 UTC.' },
};

export function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
