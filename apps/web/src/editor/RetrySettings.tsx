import type { RetryPolicy } from '@pattern/core';
import { RotateCw } from 'lucide-react';
import { useId } from 'react';
import type { CatalogOp } from '../api/types.ts';
import { useEditor } from './editor-store.ts';
import type { OpNode } from './graph.ts';
import './retry-settings.css';

const STARTING: RetryPolicy = { attempts: 3, delayMs: 1000, backoff: 'exponential' };

/** An integer field of the policy; empty removes the key, so the engine's default applies. */
function NumberSetting(props: {
  label: string;
  help: string;
  value: number | undefined;
  min: number;
  placeholder?: string;
  onChange(value: number | undefined): void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        <span className="field-name">{props.label}</span>
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={props.min}
        step={1}
        value={props.value ?? ''}
        placeholder={props.placeholder}
        aria-describedby={`${id}-help`}
        onChange={(event) => {
          const n = event.target.valueAsNumber;
          props.onChange(Number.isFinite(n) ? Math.max(props.min, Math.round(n)) : undefined);
        }}
      />
      <span id={`${id}-help`} className="field-help muted">
        {props.help}
      </span>
    </div>
  );
}

/** The node's `retry` policy: whether a failure runs it again, how often and how long after. */
export function RetrySettings({ node, op }: { node: OpNode; op: CatalogOp }) {
  const readOnly = useEditor((s) => s.readOnly);
  const updateRetry = useEditor((s) => s.updateRetry);
  const toggleId = useId();
  const backoffId = useId();
  const retry = node.data.retry;
  const refused = op.retry === false;
  if (refused && !retry) return null;
  const set = (patch: Partial<RetryPolicy>) => {
    const next: Record<string, unknown> = { ...(retry ?? STARTING), ...patch };
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
    updateRetry(node.id, next as RetryPolicy);
  };

  return (
    <section className="inspector-section retry-settings" aria-label="Retry on failure">
      <div className="retry-toggle">
        <RotateCw size={14} aria-hidden="true" />
        <label htmlFor={toggleId}>Retry on failure</label>
        <input
          id={toggleId}
          type="checkbox"
          checked={retry !== undefined}
          disabled={readOnly || (refused && !retry)}
          onChange={(event) => updateRetry(node.id, event.target.checked ? STARTING : undefined)}
        />
      </div>
      {refused ? (
        <p className="field-problem">{op.name} must not run twice, so it takes no retry policy. Turn this off to save.</p>
      ) : retry ? (
        <fieldset className="retry-fields" disabled={readOnly}>
          <NumberSetting
            label="attempts"
            help="Tries in all, the first included."
            min={1}
            value={retry.attempts}
            onChange={(attempts) => set({ attempts: attempts ?? 1 })}
          />
          <NumberSetting
            label="delayMs"
            help="Wait before the second try."
            min={0}
            placeholder="1000"
            value={retry.delayMs}
            onChange={(delayMs) => set({ delayMs })}
          />
          <div className="field">
            <label htmlFor={backoffId}>
              <span className="field-name">backoff</span>
            </label>
            <select
              id={backoffId}
              value={retry.backoff ?? 'fixed'}
              onChange={(event) => set({ backoff: event.target.value === 'exponential' ? 'exponential' : undefined })}
            >
              <option value="fixed">fixed: the same wait every time</option>
              <option value="exponential">exponential: double the wait each time</option>
            </select>
          </div>
          {retry.backoff === 'exponential' ? (
            <NumberSetting
              label="maxDelayMs"
              help="The longest wait, however far it has doubled."
              min={0}
              placeholder="60000"
              value={retry.maxDelayMs}
              onChange={(maxDelayMs) => set({ maxDelayMs })}
            />
          ) : null}
          <CodesSetting value={retry.on} onChange={(on) => set({ on })} />
        </fieldset>
      ) : (
        <p className="field-help muted">Off: the first failure is the node's failure.</p>
      )}
    </section>
  );
}

function CodesSetting({ value, onChange }: { value: string[] | undefined; onChange(on: string[] | undefined): void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        <span className="field-name">on</span>
      </label>
      <input
        id={id}
        type="text"
        spellCheck={false}
        placeholder="every code but validation_failed, invalid_input, conflict"
        defaultValue={value?.join(', ') ?? ''}
        aria-describedby={`${id}-help`}
        onBlur={(event) => {
          const codes = event.target.value.split(/[\s,]+/).filter(Boolean);
          onChange(codes.length > 0 ? codes : undefined);
        }}
      />
      <span id={`${id}-help`} className="field-help muted">
        Error codes to retry, separated by commas.
      </span>
    </div>
  );
}
