import { Cron } from 'croner';
import { z } from 'zod';
import { defineOp } from '../ops/define-op.ts';
import type { Workflow } from '../workflow/schema.ts';

/** Below a second, a schedule is a busy loop, not a schedule. */
export const MIN_EVERY_MS = 1000;

/** Five fields (minute first) or six (seconds first); croner's seventh field, the year, is not offered. */
const CRON_MODE = '5-or-6-parts';

/** The reason an IANA zone name is refused, or undefined when the runtime knows it. */
export function zoneProblem(zone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return undefined;
  } catch {
    return `"${zone}" is not an IANA time zone (like UTC, Europe/Berlin or America/New_York)`;
  }
}

/** A cron expression parsed in a zone; throws with croner's reason when either is wrong. */
export function parseCron(expression: string, timezone: string): Cron {
  return new Cron(expression, { timezone, paused: true, mode: CRON_MODE });
}

const MAX_CRON_LENGTH = 200;
const MAX_ZONE_LENGTH = 100;

export const ScheduleTriggerConfigSchema = z
  .object({
    cron: z
      .string()
      .max(MAX_CRON_LENGTH)
      .optional()
      .meta({ editor: 'cron' })
      .describe('A cron expression: five fields (`0 3 * * *`, at 03:00) or six with seconds first (`*/10 * * * * *`).'),
    everyMs: z
      .number()
      .int()
      .min(MIN_EVERY_MS)
      .max(366 * 24 * 3_600_000)
      .optional()
      .describe('Instead of `cron`: run every so many milliseconds (at least 1000), counted from the epoch.'),
    timezone: z.string().max(MAX_ZONE_LENGTH).default('UTC').describe('The IANA time zone the cron expression is read in (`Europe/Berlin`).'),
    missed: z
      .enum(['skip', 'runOnce'])
      .default('skip')
      .describe('Ticks missed while no server ran: `skip` them, or `runOnce` for the latest of them when a server starts.'),
  })
  .superRefine((config, ctx) => {
    // zod runs this even when a field already failed: a value of the wrong type or length is refused for that, never parsed.
    const { cron, timezone } = config as { cron?: unknown; timezone?: unknown };
    if (typeof timezone !== 'string' || timezone.length > MAX_ZONE_LENGTH) return;
    if (cron !== undefined && (typeof cron !== 'string' || cron.length > MAX_CRON_LENGTH)) return;
    if ((config.cron === undefined) === (config.everyMs === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: 'give either a cron expression or everyMs, not both and not neither' });
      return;
    }
    const zone = zoneProblem(config.timezone);
    if (zone) {
      ctx.addIssue({ code: 'custom', path: ['timezone'], message: zone });
      return;
    }
    if (config.cron !== undefined) {
      try {
        if (!parseCron(config.cron, config.timezone).nextRun()) {
          ctx.addIssue({ code: 'custom', path: ['cron'], message: 'it never fires: no date matches it (a 30th of February?)' });
        }
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['cron'], message: reasonOf(error) });
      }
    }
  });

export type ScheduleConfig = z.output<typeof ScheduleTriggerConfigSchema>;

/** What a scheduled run is handed: the tick it runs for. */
export const ScheduleTickSchema = z.object({ firedAt: z.iso.datetime(), tick: z.number().int().min(0) });
const TickValue = z.compile(ScheduleTickSchema);

export const scheduleTrigger = defineOp({
  name: 'schedule.trigger',
  title: 'Schedule',
  category: 'triggers',
  description:
    'Makes the saved workflow run on a schedule: a cron expression in a time zone, or every so many milliseconds. Each tick runs once, whichever server takes it; a paused workflow fires nothing. Run from the editor, it reports the current time as tick 0.',
  config: ScheduleTriggerConfigSchema,
  outputs: {
    firedAt: { schema: z.string(), description: 'The time the tick was scheduled for (ISO 8601, UTC), not the moment the run began.' },
    tick: { schema: z.number().int(), description: 'How many ticks this workflow has fired, this one included; 0 for a run started by hand.' },
  },
  examples: [
    { title: 'Every night at three, Berlin time', config: { cron: '0 3 * * *', timezone: 'Europe/Berlin' } },
    { title: 'Every ten seconds', config: { everyMs: 10_000 } },
    { title: 'Every Monday at nine, catching up after downtime', config: { cron: '0 9 * * 1', missed: 'runOnce' } },
  ],
  run: (_inputs, ctx) => {
    const parsed = TickValue.safeParse(ctx.run.input);
    if (parsed.success) return parsed.data;
    return { firedAt: new Date(ctx.now()).toISOString(), tick: 0 };
  },
});

/** The schedule a workflow keeps, if it has a valid `schedule.trigger` node. */
export function scheduleOf(workflow: Workflow): ScheduleConfig | undefined {
  const node = workflow.nodes.find((n) => n.op === scheduleTrigger.name);
  if (!node) return undefined;
  const config = ScheduleTriggerConfigSchema.safeParse(node.config ?? {});
  return config.success ? config.data : undefined;
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // croner prefixes its reasons with the class that threw ("CronPattern: ..."): a person needs only the reason.
  return message.replace(/^Cron[A-Za-z]*:\s*/, '');
}
