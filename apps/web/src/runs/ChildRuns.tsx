import type { ChildRunsTrace } from '@pattern/core';
import { ChevronLeft, ChevronRight, GitFork } from 'lucide-react';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { formatDuration } from '../ui/format.ts';
import './child-runs.css';
import { type ChildFilter, childPage } from './nest-runs.ts';
import { RunStatusBadge } from './RunList.tsx';

const PAGE = 20;

/**
 * The child runs a node started (`workflow.call`, each item of a `flow.map`, …): counts of all,
 * and the traced ones as a compact table, a page at a time, each linking to its run.
 */
export function ChildRuns({ runId, nodeId, trace }: { runId: string; nodeId: string; trace: ChildRunsTrace }) {
  const [filter, setFilter] = useState<ChildFilter>('all');
  const [page, setPage] = useState(0);
  const filterId = useId();
  const { rows, pages, matching } = childPage(trace, filter, page, PAGE);
  const at = Math.min(page, pages - 1);
  const untraced = trace.total - trace.runs.length;
  const keyed = trace.runs.some((child) => child.key !== undefined);
  const failed = trace.error + trace.cancelled;

  return (
    <section className="child-runs" aria-label={`Child runs of ${nodeId}`} data-testid="child-runs">
      <header className="child-runs-header">
        <h4>
          <GitFork size={13} aria-hidden="true" /> Child runs
        </h4>
        <p className="child-runs-counts small">
          <span className="numeric">{trace.total.toLocaleString()}</span> started
          <span className="count-ok numeric"> · {trace.ok.toLocaleString()} ok</span>
          {trace.error > 0 ? <span className="count-error numeric"> · {trace.error.toLocaleString()} failed</span> : null}
          {trace.cancelled > 0 ? <span className="count-cancelled numeric"> · {trace.cancelled.toLocaleString()} cancelled</span> : null}
        </p>
        {failed > 0 ? (
          <label htmlFor={filterId} className="child-runs-filter small">
            <input
              id={filterId}
              type="checkbox"
              checked={filter === 'failed'}
              onChange={(e) => {
                setFilter(e.target.checked ? 'failed' : 'all');
                setPage(0);
              }}
            />
            Failed only
          </label>
        ) : null}
      </header>
      {rows.length === 0 ? (
        <p className="muted small">{filter === 'failed' ? 'No failed run among the traced ones.' : 'None yet.'}</p>
      ) : (
        <table className="child-runs-table">
          <thead>
            <tr>
              {keyed ? <th scope="col">Item</th> : null}
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col" className="numeric">
                Duration
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((child) => (
              <tr key={child.runId}>
                {keyed ? (
                  <td className="numeric">{child.key === undefined ? '—' : typeof child.key === 'number' ? `#${child.key}` : child.key}</td>
                ) : null}
                <td>
                  <Link to={`/runs/${child.runId}`} aria-label={`Run ${child.runId} of ${child.workflowId}`}>
                    <code>{child.runId.slice(-10)}</code>
                  </Link>
                  <span className="muted small"> {child.workflowId}</span>
                </td>
                <td>
                  <RunStatusBadge status={child.status} />
                  {child.errorCode ? <code className="child-error-code">{child.errorCode}</code> : null}
                </td>
                <td className="numeric muted">{child.durationMs === undefined ? '—' : formatDuration(child.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <footer className="child-runs-footer small muted">
        {pages > 1 ? (
          <nav className="child-runs-pager" aria-label={`Pages of child runs of ${nodeId}`}>
            <button type="button" className="icon-button" onClick={() => setPage(at - 1)} disabled={at === 0} aria-label="Previous page">
              <ChevronLeft size={14} aria-hidden="true" />
            </button>
            <span className="numeric">
              {at * PAGE + 1}–{Math.min(matching, at * PAGE + PAGE)} of {matching.toLocaleString()}
            </span>
            <button type="button" className="icon-button" onClick={() => setPage(at + 1)} disabled={at >= pages - 1} aria-label="Next page">
              <ChevronRight size={14} aria-hidden="true" />
            </button>
          </nav>
        ) : null}
        <span>
          {untraced > 0 ? `The trace keeps the first ${trace.runs.length.toLocaleString()}. ` : null}
          <Link to={`/runs?parent=${encodeURIComponent(runId)}`}>All {trace.total.toLocaleString()} in run history</Link>
        </span>
      </footer>
    </section>
  );
}
