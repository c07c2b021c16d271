import type { NodeTrace } from '@pattern/core';
import { formatDuration } from '../ui/format.ts';
import { ValueView } from '../ui/ValueView.tsx';
import { Attempts } from './Attempts.tsx';
import { ChildRuns } from './ChildRuns.tsx';

function Ports({ title, values, of }: { title: string; values: Record<string, unknown> | undefined; of: string }) {
  const entries = Object.entries(values ?? {});
  return (
    <div>
      <h4>{title}</h4>
      {entries.length === 0 ? <p className="muted small">none</p> : null}
      {entries.map(([port, value]) => (
        <div key={port} className="port-value">
          <span className="port-value-name">{port}</span>
          <ValueView value={value} label={`${of}.${port}`} />
        </div>
      ))}
    </div>
  );
}

/** What one node of a run was given, what it gave, how it failed, and what it logged. */
export function NodeDetail({ runId, nodeId, op, trace }: { runId: string; nodeId: string; op: string | undefined; trace: NodeTrace | undefined }) {
  return (
    <section className="card node-detail" aria-label={`Node ${nodeId}`} data-testid="node-detail">
      <header>
        <h3>
          <code>{nodeId}</code> {op ? <span className="muted small">{op}</span> : null}
        </h3>
        {trace ? (
          <span className={`status-badge status-${trace.status}`}>
            {trace.status}
            {trace.durationMs !== undefined ? <span className="muted">{formatDuration(trace.durationMs)}</span> : null}
          </span>
        ) : null}
      </header>
      {trace?.error ? (
        <div className="run-error" role="status">
          <strong>{trace.error.code}</strong>: {trace.error.message}
        </div>
      ) : null}
      {!trace || trace.status === 'pending' ? <p className="muted">This node has not run.</p> : null}
      {trace && trace.status !== 'pending' ? (
        <div className="node-detail-grid">
          <Ports title="Inputs" values={trace.inputs} of="input" />
          <Ports title="Outputs" values={trace.outputs} of="output" />
        </div>
      ) : null}
      {trace?.attempts ? <Attempts attempts={trace.attempts} /> : null}
      {trace?.children ? <ChildRuns runId={runId} nodeId={nodeId} trace={trace.children} /> : null}
      {trace?.logs?.length ? (
        <div>
          <h4>Log</h4>
          <ul className="node-logs">
            {trace.logs.map((line, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: log lines are append-only and never reordered
              <li key={index} className={`log-${line.level}`}>
                <span className="muted">{new Date(line.at).toLocaleTimeString()}</span> {line.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
