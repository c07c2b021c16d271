import { CalendarClock, FileUp, Trash2, Workflow as WorkflowIcon } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import type { Workflow, WorkflowListing } from '../api/types.ts';
import { StatusIcon } from '../editor/RunPanel.tsx';
import { PackageActions } from '../packages/PackageActions.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { EmptyState } from '../ui/EmptyState.tsx';
import { ErrorBanner } from '../ui/ErrorBanner.tsx';
import { readJsonFile } from '../ui/files.ts';
import { formatWhen } from '../ui/format.ts';
import { IconButton } from '../ui/IconButton.tsx';
import { NewButton } from '../ui/NewButton.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { TableHead } from '../ui/TableHead.tsx';
import { useList } from '../ui/use-list.ts';
import { ActiveSwitch } from './ActiveSwitch.tsx';
import { CreateWorkflowDialog } from './CreateWorkflowDialog.tsx';
import { ID_PATTERN, slugify } from './workflow-id.ts';
import { formatAhead, workflowState } from './workflow-state.ts';

export function WorkflowsPage() {
  const navigate = useNavigate();
  const { items: workflows, setItems: setWorkflows, error, setError, refresh, change } = useList(endpoints.workflows);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<WorkflowListing | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const chosen = (workflows ?? []).filter((w) => selected.has(w.id)).map((w) => ({ id: w.id, name: w.name || w.id }));

  // Next fire times count down, and the list is read again once one has passed (at most every few seconds).
  const [now, setNow] = useState(() => Date.now());
  const lastRead = useRef(0);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    const passed = workflows?.some((w) => w.nextFireAt && Date.parse(w.nextFireAt) < now);
    if (passed && now - lastRead.current >= 5000) {
      lastRead.current = now;
      void refresh();
    }
  }, [now, workflows, refresh]);

  const create = async (id: string, name: string) => {
    await endpoints.saveWorkflow(id, { id, name, nodes: [], edges: [] });
    navigate(`/workflows/${encodeURIComponent(id)}`);
  };

  const importFile = async (file: File) => {
    try {
      const document = (await readJsonFile(file)) as Workflow;
      if (!Array.isArray(document?.nodes)) throw new Error('the file has no "nodes" list');
      const id = document.id && ID_PATTERN.test(document.id) ? document.id : slugify(document.name ?? file.name.replace(/\.json$/i, ''));
      await endpoints.saveWorkflow(id, { ...document, id });
      navigate(`/workflows/${encodeURIComponent(id)}`);
    } catch (e) {
      setError(`Cannot import ${file.name}: ${errorMessage(e)}`);
    }
  };

  const [switching, setSwitching] = useState<ReadonlySet<string>>(new Set());
  const setActive = async (workflow: WorkflowListing, active: boolean) => {
    setSwitching((current) => new Set(current).add(workflow.id));
    try {
      const state = await workflowState.set(workflow.id, active);
      setWorkflows((list) =>
        list?.map((w) => (w.id === workflow.id ? { ...w, active: state.active, nextFireAt: state.schedule?.nextFireAt ?? null } : w)),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSwitching((current) => {
        const next = new Set(current);
        next.delete(workflow.id);
        return next;
      });
    }
  };

  const remove = async (workflow: WorkflowListing) => {
    setDeleting(undefined);
    await change(() => endpoints.deleteWorkflow(workflow.id));
  };

  const newButton = <NewButton label="New workflow" onClick={() => setCreating(true)} />;

  return (
    <div className="list-page">
      <PageHeader
        title="Workflows"
        actions={
          <>
            <PackageActions selected={chosen} onInstalled={() => void refresh()} />
            <button type="button" className="button" onClick={() => fileInput.current?.click()}>
              <FileUp size={14} aria-hidden="true" /> Import JSON
            </button>
            <input
              ref={fileInput}
              type="file"
              accept="application/json,.json"
              hidden
              aria-label="Workflow JSON file to import"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void importFile(file);
                e.target.value = '';
              }}
            />
            {newButton}
          </>
        }
      >
        Graphs of typed ops. Each one can serve a route, run on a schedule, take events, or run on demand.
      </PageHeader>
      <ErrorBanner error={error} />
      {workflows === undefined && !error ? <p className="muted">Loading…</p> : null}
      {workflows?.length === 0 ? (
        <EmptyState icon={WorkflowIcon} title="No workflows yet" action={newButton}>
          Create one and drag ops onto the canvas, or import a JSON file.
        </EmptyState>
      ) : null}
      {workflows && workflows.length > 0 ? (
        <table className="table">
          <TableHead
            lead={
              <th scope="col" className="select-cell">
                <input
                  type="checkbox"
                  aria-label="Select every workflow"
                  checked={workflows.length > 0 && chosen.length === workflows.length}
                  onChange={(e) => setSelected(e.target.checked ? new Set(workflows.map((w) => w.id)) : new Set())}
                />
              </th>
            }
            columns={['Name', 'Route', 'Next run', 'Last run', 'Updated', 'State']}
            actions
          />
          <tbody>
            {workflows.map((workflow) => {
              const run = workflow.lastRun;
              return (
                <tr key={workflow.id}>
                  <td className="select-cell">
                    <input
                      type="checkbox"
                      aria-label={`Select ${workflow.name || workflow.id}`}
                      checked={selected.has(workflow.id)}
                      onChange={(e) => toggle(workflow.id, e.target.checked)}
                    />
                  </td>
                  <td>
                    <Link to={`/workflows/${encodeURIComponent(workflow.id)}`} className="row-link">
                      {workflow.name || workflow.id}
                    </Link>
                    <div className="muted small">
                      {workflow.id}
                      {workflow.readOnly ? ' · shipped by a mod' : ''}
                      {workflow.source === 'file' ? ' · from a file' : ''}
                      {workflow.problems.length > 0 ? ` · ${workflow.problems.length} problem${workflow.problems.length === 1 ? '' : 's'}` : ''}
                      {!workflow.valid && workflow.activeVersion === null ? ' · not running until fixed' : ''}
                    </div>
                  </td>
                  <td>{workflow.route ? <code>{workflow.route}</code> : <span className="muted">—</span>}</td>
                  <td>
                    {workflow.nextFireAt ? (
                      <span className="next-fire" title={new Date(workflow.nextFireAt).toLocaleString()}>
                        <CalendarClock size={14} aria-hidden="true" />
                        {formatAhead(workflow.nextFireAt, now)}
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    {run ? (
                      <span className={`status-badge status-${run.status}`}>
                        <StatusIcon status={run.status} />
                        {run.status} <span className="muted">{formatWhen(run.startedAt)}</span>
                      </span>
                    ) : (
                      <span className="muted">never</span>
                    )}
                  </td>
                  <td className="muted">{formatWhen(workflow.updatedAt)}</td>
                  <td>
                    {workflow.readOnly ? (
                      <span className="muted">—</span>
                    ) : (
                      <ActiveSwitch
                        label={workflow.name || workflow.id}
                        active={workflow.active}
                        busy={switching.has(workflow.id)}
                        onChange={(active) => void setActive(workflow, active)}
                      />
                    )}
                  </td>
                  <td className="row-actions">
                    {workflow.readOnly ? null : (
                      <IconButton icon={Trash2} label={`Delete ${workflow.name || workflow.id}`} onClick={() => setDeleting(workflow)} />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {creating ? <CreateWorkflowDialog taken={new Set(workflows?.map((w) => w.id))} onCreate={create} onCancel={() => setCreating(false)} /> : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete “${deleting.name || deleting.id}”?`}
          confirmLabel="Delete"
          danger
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(undefined)}
        >
          <p>The workflow is removed{deleting.route ? ` and ${deleting.route} stops answering` : ''}. Its run history stays.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
