import { useId } from 'react';
import type { WorkflowSettingProps } from './setting-props.ts';

type History = 'all' | 'errors' | 'none';

const CHOICES: Array<{ value: History; title: string; detail: string }> = [
  { value: 'all', title: 'Every run', detail: 'Each run with its node traces, input and output.' },
  {
    value: 'errors',
    title: 'Failures in full',
    detail: 'Failed and cancelled runs with their traces; of a successful run only when it ran and how it ended.',
  },
  { value: 'none', title: 'Failures only, in brief', detail: 'No successful runs; of a failed or cancelled one only when it ran and how it ended.' },
];

/** What run history keeps of this workflow's runs (the document's `history`). */
export function HistoryField({ fields, readOnly, change }: WorkflowSettingProps) {
  const name = useId();
  const current = fields.history ?? 'all';
  return (
    <fieldset className="setting-field" disabled={readOnly}>
      <legend className="setting-legend">Run history</legend>
      <p className="setting-help">Keeping less makes busy routes cheaper; the answer to a run is the whole run either way.</p>
      <div className="choice-list">
        {CHOICES.map((choice) => (
          <label key={choice.value} className={current === choice.value ? 'choice is-chosen' : 'choice'}>
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={current === choice.value}
              // `all` is the default: the document leaves the field out rather than spelling it.
              onChange={() => change({ history: choice.value === 'all' ? undefined : choice.value })}
            />
            <span className="choice-text">
              <span className="choice-title">
                {choice.title} <code>{choice.value}</code>
              </span>
              <span className="choice-detail">{choice.detail}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
