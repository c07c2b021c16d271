import { CalendarClock } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { ActiveSwitch } from './ActiveSwitch.tsx';
import { formatAhead, type WorkflowState, workflowState } from './workflow-state.ts';

/** The editor header's active/paused switch, with the next fire time of a scheduled workflow. */
export function WorkflowStateSwitch({ id, name, refreshKey }: { id: string; name: string; refreshKey?: unknown }) {
  const [state, setState] = useState<WorkflowState | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const load = useCallback(async () => {
    try {
      setState(await workflowState.get(id));
    } catch {
      // A workflow not saved yet has no state to show.
      setState(undefined);
    }
  }, [id]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a save (refreshKey) can change the schedule
  useEffect(() => void load(), [load, refreshKey]);

  if (!state) return null;
  const toggle = async (active: boolean) => {
    setBusy(true);
    try {
      setState(await workflowState.set(id, active));
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const next = state.schedule?.nextFireAt;
  return (
    <div className="workflow-state" title={error}>
      {state.schedule ? (
        <span className="next-fire" data-testid="next-fire">
          <CalendarClock size={14} aria-hidden="true" />
          {next ? `Next ${formatAhead(next)}` : state.held ? 'Held (safe mode)' : 'Not scheduled while paused'}
        </span>
      ) : null}
      <ActiveSwitch label={name} active={state.active} busy={busy} onChange={(active) => void toggle(active)} />
      {error ? (
        <span className="visually-hidden" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
