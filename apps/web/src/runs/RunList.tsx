import type { ColumnDef } from '@tanstack/react-table';
import { History } from 'lucide-react';
import { createContext, useContext, useEffect, useId, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import type { RunPage, RunStatus, RunSummary, WorkflowListing } from '../api/types.ts';
import { StatusIcon } from '../editor/RunPanel.tsx';
import { CursorPager, type Cursors } from '../ui/CursorPager.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { formatDuration, formatWhen } from '../ui/format.ts';
import { parentsThenChildren } from './nest-runs.ts';
import './child-runs.css';

const PAGE = 50;
const STATUSES: RunStatus[] = ['running', 'ok', 'error', 'cancelled'];
/** The first page is read again this often, so new runs and their ends show up by themselves; faster while one is running. */
const REFRESH_RUNNING_MS = 1000;
const REFRESH_IDLE_MS = 3000;

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className={`status-badge status-${status}`} data-run-status={status}>
      <StatusIcon status={status} />
      {status}
    </span>
  );
}

export function runDuration(run: RunSummary, now: number): number | undefined {
  if (run.durationMs !== undefined) return run.durationMs;
  return run.status === 'running' ? now - Date.parse(run.startedAt) : undefined;
}

/** Every run, newest first, filtered by status and workflow on the server, a page at a time. */
/** The time the list was last read, for the duration of runs still running. */
const ListReadAt = createContext(0);

function RunDurationCell({ run }: { run: RunSummary }) {
  const ms = runDuration(run, useContext(ListReadAt));
  return <span className="numeric muted">{ms === undefined ? '—' : formatDuration(ms)}</span>;
}

export function RunList() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? undefined) as RunStatus | undefined;
  const workflowId = params.get('workflow') ?? undefined;
  const parentRunId = params.get('parent') ?? undefined;
  // A map over many items would bury every other run under its children: they show on request, or under their parent.
  const withChildren = parentRunId !== undefined || params.get('children') === 'shown';
  const [cursors, setCursors] = useState<Cursors>([undefined]);
  const [page, setPage] = useState<RunPage | undefined>();
  const [workflows, setWorkflows] = useState<WorkflowListing[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [now, setNow] = useState(() => Date.now());
  const statusId = useId();
  const childrenId = useId();
  const workflowSelectId = useId();
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    endpoints.workflows().then(setWorkflows, () => setWorkflows([]));
  }, []);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const result = await endpoints.runs({ status, workflowId, parentRunId, topLevel: withChildren ? undefined : true, limit: PAGE, cursor });
        if (stopped) return;
        setPage(result);
        setNow(Date.now());
        setError(undefined);
        // Later pages stand still while the reader pages through them; the first one follows what happens.
        if (cursor === undefined) timer = setTimeout(load, result.runs.some((r) => r.status === 'running') ? REFRESH_RUNNING_MS : REFRESH_IDLE_MS);
      } catch (e) {
        if (stopped) return;
        setError(errorMessage(e));
        timer = setTimeout(load, REFRESH_IDLE_MS);
      }
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [status, workflowId, parentRunId, withChildren, cursor]);

  const setFilter = (name: 'status' | 'workflow' | 'children' | 'parent', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
    setCursors([undefined]);
  };

  const columns = useMemo<ColumnDef<RunSummary, unknown>[]>(
    () => [
      {
        id: 'id',
        header: 'Run',
        cell: ({ row }) => (
          <Link
            to={`/runs/${row.original.id}`}
            className={row.original.parentRunId ? 'row-link child-run-link' : 'row-link'}
            aria-label={`Run ${row.original.id}`}
          >
            {row.original.parentRunId ? <span aria-hidden="true">↳ </span> : null}
            <code>{row.original.id.slice(-10)}</code>
          </Link>
        ),
      },
      { id: 'status', header: 'Status', cell: ({ row }) => <RunStatusBadge status={row.original.status} /> },
      {
        id: 'workflow',
        header: 'Workflow',
        cell: ({ row }) =>
          row.original.workflowId ? (
            <Link to={`/workflows/${encodeURIComponent(row.original.workflowId)}`}>{row.original.workflowName ?? row.original.workflowId}</Link>
          ) : (
            <span className="muted">inline graph</span>
          ),
      },
      {
        id: 'trigger',
        header: 'Trigger',
        cell: ({ row }) =>
          row.original.parentRunId ? (
            <span className="muted">
              child of <Link to={`/runs/${row.original.parentRunId}`}>{row.original.parentRunId.slice(-10)}</Link>
            </span>
          ) : row.original.trigger?.kind === 'error' && row.original.trigger.detail ? (
            <span className="muted">
              after <Link to={`/runs/${row.original.trigger.detail}`}>{row.original.trigger.detail.slice(-10)}</Link> failed
            </span>
          ) : (
            <span className="muted">
              {row.original.trigger?.kind ?? '—'}
              {row.original.recoveries ? <span data-testid="recovered-tag"> · resumed ×{row.original.recoveries}</span> : null}
            </span>
          ),
      },
      {
        id: 'startedAt',
        header: 'Started',
        cell: ({ row }) => (
          <time className="muted" dateTime={row.original.startedAt} title={new Date(row.original.startedAt).toLocaleString()}>
            {formatWhen(row.original.startedAt)}
          </time>
        ),
      },
      {
        id: 'duration',
        header: 'Duration',
        cell: ({ row }) => <RunDurationCell run={row.original} />,
      },
    ],
    // Built once: TanStack draws each cell function as a component, so new ones would remount every cell
    // on every refresh, and a keyboard user's focus on a row's link would be lost.
    [],
  );

  const runs = useMemo(() => parentsThenChildren(page?.runs ?? []), [page]);
  return (
    <div className="list-page runs-page">
      <header className="page-header">
        <div>
          <h1>
            <History size={20} aria-hidden="true" className="heading-icon" />
            Runs
          </h1>
          <p className="muted">Every run of every workflow, newest first, updated live.</p>
        </div>
        <div className="page-actions run-filters">
          <label htmlFor={statusId} className="small muted">
            Status
          </label>
          <select id={statusId} className="input" value={status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <label htmlFor={childrenId} className="small muted run-children-toggle">
            <input
              id={childrenId}
              type="checkbox"
              checked={withChildren}
              disabled={parentRunId !== undefined}
              onChange={(e) => setFilter('children', e.target.checked ? 'shown' : '')}
            />
            Child runs
          </label>
          <label htmlFor={workflowSelectId} className="small muted">
            Workflow
          </label>
          <select id={workflowSelectId} className="input" value={workflowId ?? ''} onChange={(e) => setFilter('workflow', e.target.value)}>
            <option value="">All workflows</option>
            {workflowId && !workflows.some((w) => w.id === workflowId) ? <option value={workflowId}>{workflowId}</option> : null}
            {workflows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </div>
      </header>
      {parentRunId ? (
        <p className="run-parent-filter">
          Child runs of <Link to={`/runs/${parentRunId}`}>run {parentRunId.slice(-10)}</Link>
          <button type="button" className="link-button small" onClick={() => setFilter('parent', '')}>
            Show all runs
          </button>
        </p>
      ) : null}
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      {page && runs.length === 0 ? (
        <div className="empty-state">
          <History size={28} aria-hidden="true" />
          <h2>{status || workflowId ? 'No run matches these filters' : 'No runs yet'}</h2>
          <p className="muted">Run a workflow from its editor, or call it over HTTP.</p>
        </div>
      ) : null}
      {runs.length > 0 ? (
        <ListReadAt.Provider value={now}>
          <DataTable label="Runs" rows={runs} columns={columns} rowId={(r) => r.id} />
        </ListReadAt.Provider>
      ) : null}
      <CursorPager cursors={cursors} next={page?.next} onChange={setCursors} previousLabel="Newer" nextLabel="Older" />
    </div>
  );
}
