import { useEffect, useMemo, useRef, useState } from 'react';
import type { Workflow } from '../../api/types.ts';
import { previewValue } from '../../ui/format.ts';
import type { Conflict } from './save-at-revision.ts';
import { type MergePlan, mergeWorkflows, type Pick, planMerge } from './three-way.ts';
import './merge.css';

interface MergeDialogProps {
  /** The revision both edits started from, when known. */
  base: Workflow | undefined;
  mine: Workflow;
  conflict: Conflict;
  onTakeTheirs(): void;
  onSave(document: Workflow): void;
  onClose(): void;
}

type WorkflowNode = Workflow['nodes'][number];

function NodeSide({ node, label }: { node: WorkflowNode | undefined; label: string }) {
  return (
    <span className="merge-side">
      <span className="merge-side-label">{label}</span>
      {node ? (
        <>
          <code>{node.op}</code> <span className="merge-config">{previewValue(node.config ?? {}, 48)}</span>
        </>
      ) : (
        <em>deleted</em>
      )}
    </span>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summary(plan: MergePlan): string {
  const parts = [
    plan.fromTheirs.length > 0 ? `they changed ${plural(plan.fromTheirs.length, 'node')} you did not touch` : '',
    plan.fromMine.length > 0 ? `you changed ${plural(plan.fromMine.length, 'node')} they did not` : '',
  ].filter(Boolean);
  const sides = parts.length > 0 ? `${parts.join('; ')}.` : '';
  const both =
    plan.conflicts.length > 0
      ? `${plural(plan.conflicts.length, 'node')} changed on both sides: pick a side for each.`
      : 'Nothing changed on both sides, so merging keeps every change.';
  const text = `${sides} ${both}`.trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Two saves of one workflow met: take theirs, keep mine, or merge node by node, then save. */
export function MergeDialog({ base, mine, conflict, onTakeTheirs, onSave, onClose }: MergeDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [picks, setPicks] = useState<Record<string, Pick>>({});
  const plan = useMemo(() => planMerge(base, mine, conflict.theirs), [base, mine, conflict.theirs]);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const merge = () => onSave(mergeWorkflows(base, mine, conflict.theirs, picks));
  return (
    <dialog ref={dialog} className="dialog merge-dialog" aria-labelledby="merge-title" onCancel={onClose} onClose={onClose}>
      <h2 id="merge-title">Someone saved this workflow before you</h2>
      <div className="dialog-body">
        <p>{summary(plan)}</p>
        {plan.conflicts.length > 0 && (
          <ul className="merge-conflicts" aria-label="Nodes changed on both sides">
            {plan.conflicts.map((c) => {
              const pick = picks[c.id] ?? 'mine';
              return (
                <li key={c.id} className="merge-conflict" data-node={c.id}>
                  <div className="merge-conflict-head">
                    <code className="merge-node-id">{c.id}</code>
                    <fieldset className="segmented" aria-label={`Which ${c.id} to keep`}>
                      {(['mine', 'theirs'] as const).map((side) => (
                        <button
                          key={side}
                          type="button"
                          aria-pressed={pick === side}
                          className={`segment${pick === side ? ' selected' : ''}`}
                          onClick={() => setPicks({ ...picks, [c.id]: side })}
                        >
                          {side === 'mine' ? 'Mine' : 'Theirs'}
                        </button>
                      ))}
                    </fieldset>
                  </div>
                  <NodeSide node={c.mine} label="Mine" />
                  <NodeSide node={c.theirs} label="Theirs" />
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <div className="dialog-actions merge-actions">
        <button type="button" className="button" onClick={onTakeTheirs}>
          Take theirs
        </button>
        <button type="button" className="button" onClick={() => onSave(mine)}>
          Keep mine
        </button>
        <button type="button" className="button primary" onClick={merge}>
          Merge and save
        </button>
      </div>
    </dialog>
  );
}
