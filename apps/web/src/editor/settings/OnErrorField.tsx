import { useId } from 'react';
import { WorkflowField } from '../fields/workflow-field.tsx';
import type { WorkflowSettingProps } from './setting-props.ts';

/** The workflow that runs whenever a run of this one fails (the document's `onError`). */
export function OnErrorField({ fields, readOnly, change }: WorkflowSettingProps) {
  const id = useId();
  return (
    <fieldset className="setting-field" disabled={readOnly}>
      <legend className="setting-legend">When a run fails</legend>
      <p id={`${id}-help`} className="setting-help">
        Run another saved workflow with the failed run (<code>run.id</code>, <code>run.error</code>, <code>run.failedNode</code>) as its input: to
        alert someone, or to clean up. It runs once per failed run, after the node's retries.
      </p>
      <div className="field">
        <WorkflowField
          id={id}
          name="onError"
          value={fields.onError}
          disabled={readOnly}
          describedBy={`${id}-help`}
          emptyHint="Nothing runs: a failure shows up in the runs list only."
          onChange={(value) => change({ onError: typeof value === 'string' && value !== '' ? value : undefined })}
        />
      </div>
    </fieldset>
  );
}
