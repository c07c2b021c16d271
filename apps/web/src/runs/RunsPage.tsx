import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import type { RunRecord, RunSummary } from '../api/types.ts';
import { formatDuration, formatWhen } from '../editor/format.ts';
import { StatusIcon } from '../editor/RunPanel.tsx';
import { ValueView } from '../editor/ValueView.tsx';

const PAGE = 50;

function RunDetail({ id }: { id: string }) {
  const [run, setRun] = useState<RunRecord | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    endpoints.run(id).then(setRun, (e) => setError(errorMessage(e)));
  }, [id]);
  if (error) return <div className="banner banner-error">{error}</div>;
  if (!run) return <p className="muted">Loading…</p>;
  return (
    <section className="run-detail" aria-label={`Run ${run.id}`}>
      <h2>
        <span className={`status-badge status-${run.status}`}>
          <StatusIcon status={run.status} />
          {run.status}
        </span>{' '}
        <code>{run.id}</code>
      </h2>
      {run.error ? (
        <div className="run-error">
          <strong>{run.error.code}</strong>: {run.error.message}
        </div>
      ) : null}
      <div className="run-detail-grid">
        <div>
          <h3>Input</h3>
          <ValueView value={run.input} label="input" />
        </div>
        <div>
          <h3>Output</h3>
          <ValueView value={run.output} label="output" />
        </div>
      </div>
      <h3>Nodes</h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Status</th>
            <th scope="col">Duration</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(run.nodes ?? {}).map(([nodeId, trace]) => (
            <tr key={nodeId}>
              <td>
                <code>{nodeId}</code>
              </td>
              <td>
                <span className={`status-badge status-${trace.status}`}>{trace.status}</span>
              </td>
              <td className="muted">{trace.durationMs !== undefined ? formatDuration(trace.durationMs) : '—'}</td>
              <td>{trace.error?.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Every run, newest first, a page at a time. */
export function RunsPage() {
  const { id } = useParams();
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();

  const load = useCallback(async (cursor?: string) => {
    setLoading(true);
    try {
      const page = await endpoints.runs({ limit: PAGE, cursor });
      setRuns((current) => (cursor ? [...current, ...page.runs] : page.runs));
      setNext(page.next);
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => void load(), [load]);

  return (
    <div className="list-page">
      <header className="page-header">
        <div>
          <h1>Runs</h1>
          <p className="muted">Every run of every workflow, newest first.</p>
        </div>
      </header>
      {id ? <RunDetail id={id} /> : null}
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      {!loading && runs.length === 0 && !error ? <p className="muted">No runs yet. Run a workflow from its editor.</p> : null}
      {runs.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Workflow</th>
              <th scope="col">Status</th>
              <th scope="col">Trigger</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>
                  <Link to={`/runs/${run.id}`} className="row-link">
                    <code>{run.id.slice(-10)}</code>
                  </Link>
                </td>
                <td>
                  {run.workflowId ? (
                    <Link to={`/workflows/${encodeURIComponent(run.workflowId)}`}>{run.workflowName ?? run.workflowId}</Link>
                  ) : (
                    <span className="muted">inline</span>
                  )}
                </td>
                <td>
                  <span className={`status-badge status-${run.status}`}>
                    <StatusIcon status={run.status} />
                    {run.status}
                  </span>
                </td>
                <td className="muted">{run.trigger?.kind ?? '—'}</td>
                <td className="muted">{formatWhen(run.startedAt)}</td>
                <td className="muted">{run.durationMs !== undefined ? formatDuration(run.durationMs) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {next ? (
        <button type="button" className="button" onClick={() => void load(next)} disabled={loading}>
          Load more
        </button>
      ) : null}
    </div>
  );
}
