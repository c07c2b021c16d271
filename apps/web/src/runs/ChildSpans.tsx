import type { ChildRunsTrace } from '@pattern/core';
import { Link } from 'react-router';
import { formatDuration } from '../ui/format.ts';
import './child-runs.css';

/** Spans drawn per node; beyond, the row says how many more there are. */
const DRAWN = 200;

/**
 * A row under a node of the waterfall: the spans of the child runs it started, on the parent's
 * time axis, each linking to its run. `total` is the axis length in ms from the run's start.
 */
export function ChildSpanRow({ spans, runStart, total, now }: { spans: ChildRunsTrace; runStart: number; total: number; now: number }) {
  const drawn = spans.runs.slice(0, DRAWN);
  const lanes = Math.min(4, drawn.length);
  return (
    <tr className="waterfall-row waterfall-children">
      <td className="waterfall-name muted small">
        ↳ {spans.total.toLocaleString()} child run{spans.total === 1 ? '' : 's'}
      </td>
      <td style={{ paddingTop: 0 }}>
        <span className="waterfall-track child-spans" style={{ height: `${Math.max(1, lanes) * 6 + 4}px` }}>
          {drawn.map((child, i) => {
            const start = Date.parse(child.startedAt) - runStart;
            const duration = child.durationMs ?? now - Date.parse(child.startedAt);
            const label = `${child.workflowId}${child.key === undefined ? '' : ` ${typeof child.key === 'number' ? `#${child.key}` : child.key}`}: ${child.status}, ${formatDuration(duration)}`;
            return (
              <Link
                key={child.runId}
                to={`/runs/${child.runId}`}
                className={`child-span bar-${child.status}`}
                style={{ left: `${(start / total) * 100}%`, width: `max(2px, ${(duration / total) * 100}%)`, top: `${(i % lanes) * 6 + 2}px` }}
                title={label}
                aria-label={label}
              />
            );
          })}
        </span>
      </td>
      <td className="waterfall-time numeric small muted">{spans.total > drawn.length ? `${drawn.length} shown` : ''}</td>
    </tr>
  );
}
