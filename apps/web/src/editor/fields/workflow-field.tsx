import { ExternalLink } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { endpoints } from '../../api/endpoints.ts';
import type { WorkflowListing } from '../../api/types.ts';
import { useCalledWorkflows } from '../called-workflows.ts';
import './workflow-field.css';

/** The part of the field editors' props (`FieldEditorProps` in index.ts) this editor reads. */
interface WorkflowFieldProps {
  id: string;
  name: string;
  value: unknown;
  disabled?: boolean;
  describedBy: string;
  /** What the line under an empty choice says; by default, how a node runs the workflow. */
  emptyHint?: string;
  onChange(value: unknown): void;
}

/** A schema in a few words: its type, and the fields an object requires. */
function summary(schema: Record<string, unknown> | undefined): string {
  if (!schema) return 'anything';
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : typeof schema.type === 'string' ? schema.type : 'a value';
  const required = Array.isArray(schema.required) && schema.required.length > 0 ? ` with ${schema.required.join(', ')}` : '';
  return `${type}${required}`;
}

/**
 * The saved workflow a node runs, picked from those saved, with what it takes and gives (its
 * `inputSchema` and `outputSchema`) and a link to open it. An id no longer saved stays shown, marked.
 */
export function WorkflowField({ id, name, value, disabled, describedBy, emptyHint, onChange }: WorkflowFieldProps) {
  const [workflows, setWorkflows] = useState<WorkflowListing[] | undefined>();
  const [failed, setFailed] = useState(false);
  const chosen = typeof value === 'string' ? value : '';
  const known = useCalledWorkflows((state) => (chosen ? state.byId[chosen] : undefined));
  const refresh = useCalledWorkflows((state) => state.refresh);

  useEffect(() => {
    let live = true;
    endpoints.workflows().then(
      (list) => live && setWorkflows(list),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (chosen) refresh(chosen);
  }, [chosen, refresh]);

  const missing = chosen !== '' && workflows !== undefined && !workflows.some((w) => w.id === chosen);
  const infoId = `${id}-about`;

  return (
    <div className="workflow-field">
      <div className="workflow-field-row">
        <select
          id={id}
          name={name}
          className="workflow-select"
          value={chosen}
          disabled={disabled || workflows === undefined}
          aria-invalid={missing ? true : undefined}
          aria-describedby={`${describedBy} ${infoId}`}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        >
          <option value="">{workflows === undefined ? (failed ? 'Could not list workflows' : 'Loading…') : 'Choose a workflow'}</option>
          {missing && <option value={chosen}>{chosen} (not saved)</option>}
          {workflows?.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name === w.id ? w.id : `${w.name} · ${w.id}`}
            </option>
          ))}
        </select>
        {chosen !== '' && !missing && (
          <Link className="workflow-open" to={`/workflows/${encodeURIComponent(chosen)}`} title={`Open ${chosen}`} aria-label={`Open ${chosen}`}>
            <ExternalLink size={14} aria-hidden />
          </Link>
        )}
      </div>
      <p id={infoId} className="workflow-about" aria-live="polite">
        {missing
          ? `There is no saved workflow "${chosen}": pick another, or save it first.`
          : typeof known === 'object'
            ? `Takes ${summary(known.input)} · gives ${summary(known.output)}`
            : chosen
              ? ' '
              : (emptyHint ?? 'Runs as a child run of this node, with its own trace.')}
      </p>
    </div>
  );
}
