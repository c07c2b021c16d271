import { ArrowLeft, RotateCcw, Square } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import { useCatalog } from '../catalog/catalog-store.ts';
import { SaveRunAsTest } from '../editor/tests/SaveRunAsTest.tsx';
import { formatDuration } from '../ui/format.ts';
import { ValueView } from '../ui/ValueView.tsx';
import { NodeDetail } from './NodeDetail.tsx';
import { ResumeRun } from './ResumeRun.tsx';
import { RunGraph } from './RunGraph.tsx';
import { RunStatusBadge, runDuration } from './RunList.tsx';
import { useRuns } from './run-store.ts';
import { TracesNotKept } from './TracesNotKept.tsx';
import { Waterfall } from './Waterfall.tsx';

/** While a run goes on, its record (node timings and values) is read again this often; statuses come live over SSE. */
const REFRESH_MS = 500;

/** One run: its graph with each node's status, a waterfall of timings, each node's values, and cancel or re-run. */
export function RunView({ id }: { id: string }) {
  const run = useRuns((s) => (s.run?.id === id ? s.run : undefined));
  const live = useRuns((s) => s.live);
  const loadError = useRuns((s) => s.error);
  const [selected, setSelected] = useState<string | undefined>();
  const [actionError, setActionError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const navigate = useNavigate();

  useEffect(() => {
    void useCatalog.getState().load();
    void useRuns.getState().follow(id);
    return () => useRuns.getState().clear();
  }, [id]);

  const running = run?.status === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      endpoints.run(id).then(
        (record) => {
          // The store's own settle wins: a poll answered after it must not bring back "running".
          if (useRuns.getState().run?.id === id && useRuns.getState().run?.status === 'running') useRuns.setState({ run: record });
        },
        () => undefined,
      );
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [id, running]);

  const cancel = async () => {
    setBusy(true);
    setActionError(undefined);
    try {
      await endpoints.cancelRun(id);
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const again = async () => {
    if (!run) return;
    setBusy(true);
    setActionError(undefined);
    try {
      const started = await endpoints.rerun(run);
      navigate(`/runs/${started.id}`);
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const duration = run ? runDuration(run, now) : undefined;
  const selectedNode = selected ?? (run ? Object.entries(run.nodes).find(([, t]) => t.status === 'error')?.[0] : undefined);
  const opOf = (nodeId: string) => run?.graph?.nodes.find((n) => n.id === nodeId)?.op;

  return (
    <section className="list-page run-page" aria-label={`Run ${id}`}>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/runs">
          <ArrowLeft size={14} aria-hidden="true" /> Runs
        </Link>
      </nav>
      {loadError && !run ? (
        <div className="banner banner-error" role="alert">
          {loadError}
        </div>
      ) : null}
      {!run && !loadError ? <p className="muted">Loading…</p> : null}
      {run ? (
        <>
          <header className="page-header">
            <div>
              <h1 className="run-title">
                <RunStatusBadge status={run.status} />
                {run.workflowId ? (run.workflowName ?? run.workflowId) : 'Inline run'}
              </h1>
              <p className="muted run-meta">
                <code>{run.id}</code>
                <span>· {run.trigger.kind}</span>
                {run.recoveries ? (
                  <span data-testid="recovered-run" title="A durable run: the server running it died, and a server took it up again">
                    · durable, resumed after {run.recoveries === 1 ? 'a crash' : `${run.recoveries} crashes`}
                  </span>
                ) : run.durable ? (
                  <span>· durable</span>
                ) : null}
                {run.parentRunId ? (
                  <span data-testid="parent-run">
                    · child of <Link to={`/runs/${run.parentRunId}`}>run {run.parentRunId.slice(-10)}</Link>
                    {run.parentNodeId ? (
                      <>
                        {' '}
                        (node <code>{run.parentNodeId}</code>)
                      </>
                    ) : null}
                  </span>
                ) : null}
                {run.trigger.resume ? (
                  <span data-testid="resumed-run">
                    · resumes <Link to={`/runs/${run.trigger.resume.runId}`}>run {run.trigger.resume.runId.slice(-10)}</Link> from{' '}
                    <code>{run.trigger.resume.from}</code>
                  </span>
                ) : null}
                {run.trigger.kind === 'error' && run.trigger.detail ? (
                  <span data-testid="failed-run">
                    · after <Link to={`/runs/${run.trigger.detail}`}>run {run.trigger.detail.slice(-10)}</Link> failed
                  </span>
                ) : null}
                <span>· started {new Date(run.startedAt).toLocaleString()}</span>
                {duration !== undefined ? <span data-testid="run-duration">· {formatDuration(duration)}</span> : null}
                {run.workflowId ? (
                  <span>
                    · <Link to={`/workflows/${encodeURIComponent(run.workflowId)}`}>open the workflow</Link>
                  </span>
                ) : null}
                {live ? <span className="live-tag">· live</span> : null}
              </p>
            </div>
            <div className="page-actions">
              {running ? (
                <button type="button" className="button" onClick={() => void cancel()} disabled={busy}>
                  <Square size={14} aria-hidden="true" />
                  Cancel run
                </button>
              ) : null}
              <button
                type="button"
                className="button primary"
                onClick={() => void again()}
                disabled={busy || (!run.workflowId && !run.graph) || run.tracesDropped !== undefined}
              >
                <RotateCcw size={14} aria-hidden="true" />
                Re-run with the same input
              </button>
              <SaveRunAsTest run={run} into="saved" />
            </div>
          </header>
          {actionError ? (
            <div className="banner banner-error" role="alert">
              {actionError}
            </div>
          ) : null}
          {run.error ? (
            <div className="run-error run-error-block">
              <strong>{run.error.code}</strong>
              {run.error.nodeId ? ` in ${run.error.nodeId}` : ''}: {run.error.message}
            </div>
          ) : null}
          {run.tracesDropped ? <TracesNotKept history={run.tracesDropped} /> : null}
          {run.graph ? <RunGraph graph={run.graph} selected={selectedNode} onSelect={setSelected} /> : null}
          {run.tracesDropped ? null : (
            <section className="card">
              <h2 className="section-title">Timings</h2>
              <Waterfall run={run} now={now} selected={selectedNode} onSelect={setSelected} />
            </section>
          )}
          {selectedNode ? <ResumeRun run={run} nodeId={selectedNode} /> : null}
          {selectedNode ? <NodeDetail runId={run.id} nodeId={selectedNode} op={opOf(selectedNode)} trace={run.nodes[selectedNode]} /> : null}
          {run.tracesDropped ? null : (
            <div className="run-io">
              <section className="card">
                <h2 className="section-title">Input</h2>
                <ValueView value={run.input} label="run.input" />
              </section>
              <section className="card">
                <h2 className="section-title">Output</h2>
                {run.status === 'running' ? <p className="muted">Not settled yet.</p> : <ValueView value={run.output} label="run.output" />}
              </section>
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}
