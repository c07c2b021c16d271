import type { ChildRunsTrace } from '@pattern/core';
import { Fragment } from 'react';
import type { RunRecord } from '../api/types.ts';
import { formatDuration } from '../ui/format.ts';
import { ChildSpanRow } from './ChildSpans.tsx';

interface Bar {
  nodeId: string;
  status: string;
  start: number;
  duration: number | undefined;
  children: ChildRunsTrace | undefined;
}

/** Every node on one time axis from the run's start: what ran when, what waited, what was slow. */
export function Waterfall({
  run,
  now,
  selected,
  onSelect,
}: {
  run: RunRecord;
  now: number;
  selected: string | undefined;
  onSelect(id: string): void;
}) {
  const runStart = Date.parse(run.startedAt);
  const runEnd = run.endedAt ? Date.parse(run.endedAt) : now;
  const bars: Bar[] = Object.entries(run.nodes).map(([nodeId, trace]) => {
    const start = trace.startedAt ? Date.parse(trace.startedAt) - runStart : Number.POSITIVE_INFINITY;
    const duration =
      trace.durationMs ?? (trace.startedAt ? (trace.endedAt ? Date.parse(trace.endedAt) : now) - Date.parse(trace.startedAt) : undefined);
    return { nodeId, status: trace.status, start, duration, children: trace.children };
  });
  bars.sort((a, b) => a.start - b.start || a.nodeId.localeCompare(b.nodeId));
  const total = Math.max(runEnd - runStart, ...bars.map((b) => (Number.isFinite(b.start) ? b.start + (b.duration ?? 0) : 0)), 1);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <table className="waterfall" aria-label="Node timings" data-testid="waterfall">
      <colgroup>
        <col className="waterfall-name-col" />
        <col />
        <col className="waterfall-time-col" />
      </colgroup>
      <thead>
        <tr className="waterfall-axis">
          <th scope="col">Node</th>
          <th scope="col">
            <span className="visually-hidden">Timeline</span>
            <span className="waterfall-track" aria-hidden="true">
              {ticks.map((t) => (
                <span key={t} className="waterfall-tick" style={{ left: `${t * 100}%` }}>
                  {formatDuration(total * t)}
                </span>
              ))}
            </span>
          </th>
          <th scope="col" className="waterfall-time">
            Duration
          </th>
        </tr>
      </thead>
      <tbody>
        {bars.map((bar) => {
          const ran = Number.isFinite(bar.start);
          return (
            <Fragment key={bar.nodeId}>
              <tr className={bar.nodeId === selected ? 'waterfall-row is-selected' : 'waterfall-row'} data-node={bar.nodeId}>
                <td className="waterfall-name">
                  <button type="button" className="link-button" onClick={() => onSelect(bar.nodeId)}>
                    <code>{bar.nodeId}</code>
                  </button>
                </td>
                <td>
                  <span className="waterfall-track">
                    {ran ? (
                      <span
                        className={`waterfall-bar bar-${bar.status}`}
                        style={{ left: `${(bar.start / total) * 100}%`, width: `max(3px, ${((bar.duration ?? 0) / total) * 100}%)` }}
                        title={`${bar.nodeId}: started at +${formatDuration(bar.start)}, ${bar.duration === undefined ? 'running' : formatDuration(bar.duration)}`}
                      />
                    ) : (
                      <span className="muted small">{bar.status}</span>
                    )}
                  </span>
                </td>
                <td className="waterfall-time numeric">{ran && bar.duration !== undefined ? formatDuration(bar.duration) : '—'}</td>
              </tr>
              {bar.children ? <ChildSpanRow spans={bar.children} runStart={runStart} total={total} now={now} /> : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
