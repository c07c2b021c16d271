import type { WorkflowSettingProps } from './setting-props.ts';

/** Whether a run of this workflow survives a crash of its server (the document's `durable`). */
export function DurableField({ fields, readOnly, change }: WorkflowSettingProps) {
  const durable = fields.durable === true;
  return (
    <fieldset className="setting-field" disabled={readOnly}>
      <legend className="setting-legend">Durability</legend>
      <p className="setting-help">
        A durable run records each node as it finishes. When the server dies mid-run, the next start carries the run on under the same id: finished
        nodes are not run again, the ones that were running run again with the same <code>ctx.idempotencyKey</code>.
      </p>
      <label className={durable ? 'choice is-chosen' : 'choice'}>
        <input
          type="checkbox"
          name="durable"
          checked={durable}
          // Not durable is the default: the document leaves the field out rather than spelling it.
          onChange={(event) => change({ durable: event.target.checked ? true : undefined })}
        />
        <span className="choice-text">
          <span className="choice-title">
            Resume runs after a crash <code>durable</code>
          </span>
          <span className="choice-detail">Costs one history write per wave of finished nodes while a run waits on something.</span>
        </span>
      </label>
    </fieldset>
  );
}
