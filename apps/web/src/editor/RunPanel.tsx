import { CircleCheck, CircleSlash, CircleX, History, LoaderCircle, Play, Square } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import type { Problem, RunStatus } from '../api/types.ts';
import { useRuns } from '../runs/run-store.ts';
import { formatDuration, formatWhen } from '../ui/format.ts';
import { useEditor } from './editor-store.ts';
import { SaveRunAsTest } from './tests/SaveRunAsTest.tsx';

export function StatusIcon({ status }: { status: RunStatus | 'skipped' | 'pending' }) {
  if (status === 'running') return <LoaderCircle size={14} className="spin" aria-hidden="true" />;
  if (status === 'ok') return <CircleCheck size={14} aria-hidden="true" />;
  if (status === 'error') return <CircleX size={14} aria-hidden="true" />;
  return <CircleSlash size={14} aria-hidden="true" />;
}

const INPUT_KEY = 'pattern.runInput.';

/** Runs the graph as it is on screen (saved or not), and lists this workflow's past runs. */
export function RunPanel() {
  const workflowId = useEditor((s) => s.workflowId);
  const dirty = useEditor((s) => s.dirty);
  const run = useRuns((s) => s.run);
  const live = useRuns((s) => s.live);
  const fromUnsaved = useRuns((s) => s.fromUnsaved);
  const runError = useRuns((s) => s.error);
  const history = useRuns((s) => s.history);
  const inputId = useId();
  const [input, setInput] = useState(() => (workflowId ? (localStorage.getItem(INPUT_KEY + workflowId) ?? '{}') : '{}'));
  const [inputError, setInputError] = useState<string | undefined>();

  useEffect(() => {
    if (workflowId) void useRuns.getState().loadHistory(workflowId);
  }, [workflowId]);

  const start = async () => {
    let value: unknown = null;
    if (input.trim() !== '') {
      try {
        value = JSON.parse(input);
      } catch (error) {
        setInputError(`The input is not valid JSON: ${errorMessage(error)}`);
        return;
      }
    }
    setInputError(undefined);
    if (workflowId) localStorage.setItem(INPUT_KEY + workflowId, input);
    const editor = useEditor.getState();
    const document = editor.document();
    try {
      await useRuns.getState().start(document, value, editor.dirty);
    } catch (error) {
      // The message is shown by the panel; located problems go on the graph.
      const problems = error instanceof ApiError ? (error.details as { problems?: Problem[] } | null)?.problems : undefined;
      if (Array.isArray(problems)) useEditor.getState().setProblems(problems, document);
    }
  };

  return (
    <div className="run-panel">
      <section className="inspector-section">
        <label htmlFor={inputId} className="section-label">
          Run input (JSON)
        </label>
        <textarea
          id={inputId}
          className="run-input"
          rows={4}
          spellCheck={false}
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              void start();
            }
          }}
          aria-invalid={inputError ? true : undefined}
        />
        {inputError ? <p className="field-problem">{inputError}</p> : null}
        <div className="run-actions">
          <button type="button" className="button primary" onClick={() => void start()} disabled={live}>
            {live ? <LoaderCircle size={14} className="spin" aria-hidden="true" /> : <Play size={14} aria-hidden="true" />}
            {live ? 'Running…' : 'Run'}
          </button>
          {live && run ? (
            <button type="button" className="button" onClick={() => void endpoints.cancelRun(run.id).catch(() => undefined)}>
              <Square size={12} aria-hidden="true" /> Cancel
            </button>
          ) : null}
        </div>
        <p className="muted small">{dirty ? 'Runs the graph as it is on screen, including unsaved changes.' : 'Runs the graph as saved.'}</p>
      </section>
      {runError ? (
        <div className="run-error" role="alert">
          {runError}
        </div>
      ) : null}
      {run ? (
        <section className="inspector-section run-summary" aria-label="Current run">
          <h3>
            <span className={`status-badge status-${run.status}`} data-run-status={run.status}>
              <StatusIcon status={run.status} />
              {run.status}
            </span>
            <code>{run.id.slice(-8)}</code>
            {run.durationMs !== undefined ? <span className="muted">{formatDuration(run.durationMs)}</span> : null}
          </h3>
          {fromUnsaved ? <p className="muted small">Ran the unsaved graph on screen.</p> : null}
          {run.error ? (
            <div className="run-error">
              <strong>{run.error.code}</strong>: {run.error.message}
            </div>
          ) : null}
          {run.status !== 'running' && run.output !== undefined ? (
            <>
              <h4>Output</h4>
              <pre className="run-output">{JSON.stringify(run.output, null, 2)}</pre>
            </>
          ) : null}
          <p className="muted small">Click a node to see its inputs and outputs from this run.</p>
          <div className="run-actions">
            <SaveRunAsTest run={run} into="editor" />
          </div>
        </section>
      ) : null}
      <section className="inspector-section" aria-label="Run history">
        <h3>
          <History size={14} aria-hidden="true" /> History
        </h3>
        {history.length === 0 ? <p className="muted small">No runs yet.</p> : null}
        <ul className="history-list">
          {history.map((entry) => (
            <li key={entry.id}>
              <button
                type="button"
                className={entry.id === run?.id ? 'history-item is-current' : 'history-item'}
                onClick={() => void useRuns.getState().open(entry.id)}
              >
                <span className={`status-dot status-${entry.status}`} aria-hidden="true" />
                <span className="history-status">{entry.status}</span>
                <span className="muted">{formatWhen(entry.startedAt)}</span>
                <span className="muted history-duration">{entry.durationMs !== undefined ? formatDuration(entry.durationMs) : ''}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
