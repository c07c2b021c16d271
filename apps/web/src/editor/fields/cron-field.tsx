import { Cron } from 'croner';
import { useMemo } from 'react';
import './cron-field.css';

const SHOWN = 5;

const PRESETS: ReadonlyArray<{ label: string; cron: string }> = [
  { label: 'Every minute', cron: '* * * * *' },
  { label: 'Hourly', cron: '0 * * * *' },
  { label: 'Daily 03:00', cron: '0 3 * * *' },
  { label: 'Mondays 09:00', cron: '0 9 * * 1' },
];

/** The part of the field editors' props (`FieldEditorProps` in index.ts) this editor reads. */
interface CronFieldProps {
  id: string;
  name: string;
  value: unknown;
  disabled?: boolean;
  describedBy: string;
  config: Record<string, unknown>;
  onChange(value: unknown): void;
}

type Preview = { ok: true; times: Date[] } | { ok: false; reason: string } | undefined;

/** The next fire times of an expression in a zone, as the server's croner computes them; or why there are none. */
function preview(expression: string, zone: string): Preview {
  if (expression.trim() === '') return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return { ok: false, reason: `"${zone}" is not an IANA time zone` };
  }
  try {
    const times = new Cron(expression, { timezone: zone, paused: true, mode: '5-or-6-parts' }).nextRuns(SHOWN);
    return times.length > 0 ? { ok: true, times } : { ok: false, reason: 'It never fires: no date matches it (a 30th of February?)' };
  } catch (error) {
    return { ok: false, reason: (error instanceof Error ? error.message : String(error)).replace(/^Cron[A-Za-z]*:\s*/, '') };
  }
}

/** A cron expression, with the next five times it fires in the node's zone, computed as it is typed. */
export function CronField({ id, name, value, disabled, describedBy, config, onChange }: CronFieldProps) {
  const expression = typeof value === 'string' ? value : '';
  const zone = typeof config.timezone === 'string' && config.timezone !== '' ? config.timezone : 'UTC';
  const result = useMemo(() => preview(expression, zone), [expression, zone]);
  const format = useMemo(() => {
    try {
      return new Intl.DateTimeFormat(undefined, {
        timeZone: zone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      return undefined;
    }
  }, [zone]);
  const listId = `${id}-next`;

  return (
    <div className="cron-field">
      <input
        id={id}
        name={name}
        className="cron-input"
        value={expression}
        disabled={disabled}
        spellCheck={false}
        autoComplete="off"
        placeholder="0 3 * * *"
        aria-invalid={result?.ok === false ? true : undefined}
        aria-describedby={`${describedBy} ${listId}`}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      />
      <fieldset className="cron-presets">
        <legend className="visually-hidden">Common schedules</legend>
        {PRESETS.map((preset) => (
          <button
            key={preset.cron}
            type="button"
            className={preset.cron === expression ? 'cron-preset is-current' : 'cron-preset'}
            disabled={disabled}
            onClick={() => onChange(preset.cron)}
          >
            {preset.label}
          </button>
        ))}
      </fieldset>
      <div id={listId} className="cron-preview" aria-live="polite">
        {result === undefined ? (
          <p className="cron-hint">Minute hour day month weekday; put seconds first for six fields.</p>
        ) : result.ok ? (
          <>
            <p className="cron-hint">
              Next {SHOWN} runs, {zone}
            </p>
            <ol className="cron-times">
              {result.times.map((time) => (
                <li key={time.getTime()}>
                  <time dateTime={time.toISOString()}>{format ? format.format(time) : time.toISOString()}</time>
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p className="cron-error" role="alert">
            {result.reason}
          </p>
        )}
      </div>
    </div>
  );
}
