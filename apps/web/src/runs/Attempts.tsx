import type { NodeTrace } from '@pattern/core';
import { formatDuration } from '../ui/format.ts';

/** A retried node's tries: when each began, how long it took, how it failed, and the wait before the next. */
export function Attempts({ attempts }: { attempts: NonNullable<NodeTrace['attempts']> }) {
  return (
    <div>
      <h4>Attempts</h4>
      <ol className="node-attempts">
        {attempts.map((a, i) => {
          const next = attempts[i + 1];
          const wait = next ? Date.parse(next.startedAt) - Date.parse(a.startedAt) - a.durationMs : undefined;
          return (
            <li key={a.attempt} className={a.error ? 'is-failed' : 'is-ok'}>
              <span className="attempt-number">#{a.attempt}</span>
              <span className="muted">{new Date(a.startedAt).toLocaleTimeString()}</span>
              <span>{formatDuration(a.durationMs)}</span>
              {a.error ? (
                <span className="attempt-error">
                  <strong>{a.error.code}</strong>: {a.error.message}
                </span>
              ) : (
                <span className="attempt-ok">succeeded</span>
              )}
              {wait !== undefined ? <span className="muted attempt-wait">then waited {formatDuration(Math.max(0, wait))}</span> : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
