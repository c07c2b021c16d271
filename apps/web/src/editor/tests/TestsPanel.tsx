import type { Mismatch, TestCase, TestCaseResult } from '@pattern/core';
import { CircleCheck, CircleDashed, CircleX, FlaskConical, LoaderCircle, Pencil, Play, Plus, Trash2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useRuns } from '../../runs/run-store.ts';
import { formatDuration } from '../../ui/format.ts';
import { useEditor } from '../editor-store.ts';
import { addRunToEditor } from './SaveRunAsTest.tsx';
import { useTests } from './test-store.ts';
import './tests.css';

const show = (value: unknown) => (value === undefined ? '(nothing)' : JSON.stringify(value, null, 2));

function MismatchView({ mismatch }: { mismatch: Mismatch }) {
  return (
    <li className="test-mismatch">
      <code className="test-mismatch-path">{mismatch.path}</code>
      <span className="test-mismatch-message">{mismatch.message}</span>
      <div className="test-diff">
        <div>
          <span className="section-label">Expected</span>
          <pre className="test-diff-expected">{show(mismatch.expected)}</pre>
        </div>
        <div>
          <span className="section-label">Actual</span>
          <pre className="test-diff-actual">{show(mismatch.actual)}</pre>
        </div>
      </div>
      {mismatch.nodeInputs ? (
        <details className="test-node-inputs">
          <summary>Inputs the node got</summary>
          <pre>{show(mismatch.nodeInputs)}</pre>
        </details>
      ) : null}
    </li>
  );
}

function CaseEditor({ testCase, onSave, onCancel }: { testCase: TestCase; onSave: (next: TestCase) => void; onCancel: () => void }) {
  const [text, setText] = useState(() => JSON.stringify(testCase, null, 2));
  const [problem, setProblem] = useState<string | undefined>();
  const apply = () => {
    try {
      const next = JSON.parse(text) as TestCase;
      if (typeof next?.name !== 'string' || next.name === '') throw new Error('a case needs a "name"');
      onSave(next);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return (
    <div className="test-editor">
      <textarea
        aria-label={`Test case ${testCase.name} as JSON`}
        rows={12}
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {problem ? <p className="field-problem">{problem}</p> : null}
      <div className="run-actions">
        <button type="button" className="button primary" onClick={apply}>
          Apply
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function CaseRow({ testCase, result, running, shown }: { testCase: TestCase; result?: TestCaseResult; running: boolean; shown: boolean }) {
  const workflowId = useEditor((s) => s.workflowId);
  const [editing, setEditing] = useState(false);
  const state = running ? 'running' : result ? (result.ok ? 'passed' : 'failed') : 'not-run';
  const replace = (next: TestCase | undefined) => {
    const tests = (useEditor.getState().meta.tests ?? []).flatMap((c) => (c.name !== testCase.name ? [c] : next ? [next] : []));
    useEditor.getState().setMeta({ tests });
    setEditing(false);
  };
  return (
    <li className={`test-case test-${state}${shown ? ' is-shown' : ''}`} data-test-state={state}>
      <div className="test-case-head">
        <span className="test-case-icon" role="img" aria-label={state.replace('-', ' ')}>
          {state === 'running' ? (
            <LoaderCircle size={16} className="spin" />
          ) : state === 'passed' ? (
            <CircleCheck size={16} />
          ) : state === 'failed' ? (
            <CircleX size={16} />
          ) : (
            <CircleDashed size={16} />
          )}
        </span>
        <button
          type="button"
          className="test-case-name"
          disabled={!result}
          onClick={() => useTests.getState().show(testCase.name)}
          title={result ? 'Show this run on the canvas' : undefined}
        >
          {testCase.name}
        </button>
        {result ? <span className="muted small">{formatDuration(result.durationMs)}</span> : null}
        <span className="test-case-actions">
          <button
            type="button"
            className="icon-button"
            aria-label={`Run ${testCase.name}`}
            disabled={!workflowId || running}
            onClick={() => workflowId && void useTests.getState().run(workflowId, [testCase.name])}
          >
            <Play size={14} />
          </button>
          <button type="button" className="icon-button" aria-label={`Edit ${testCase.name}`} onClick={() => setEditing((on) => !on)}>
            <Pencil size={14} />
          </button>
          <button type="button" className="icon-button" aria-label={`Remove ${testCase.name}`} onClick={() => replace(undefined)}>
            <Trash2 size={14} />
          </button>
        </span>
      </div>
      {editing ? <CaseEditor testCase={testCase} onSave={replace} onCancel={() => setEditing(false)} /> : null}
      {result && !result.ok && !editing ? (
        <ul className="test-mismatches" aria-label={`What differed in ${testCase.name}`}>
          {result.mismatches.map((m) => (
            <MismatchView key={m.path} mismatch={m} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** The workflow's test cases with their last results; runs one or all on the server, and turns the run on the canvas into a case. */
export function TestsPanel() {
  const workflowId = useEditor((s) => s.workflowId);
  const dirty = useEditor((s) => s.dirty);
  const tests = useEditor((s) => s.meta.tests) ?? [];
  const results = useTests((s) => s.results);
  const running = useTests((s) => s.running);
  const error = useTests((s) => s.error);
  const shown = useTests((s) => s.shown);
  const run = useRuns((s) => s.run);
  const live = useRuns((s) => s.live);

  useEffect(() => useTests.getState().reset(workflowId), [workflowId]);

  const passed = tests.filter((c) => results[c.name]?.ok === true).length;
  const failed = tests.filter((c) => results[c.name]?.ok === false).length;
  const addRun = () => {
    if (run) addRunToEditor(run);
  };

  return (
    <div className="tests-panel">
      <section className="inspector-section">
        <div className="tests-summary">
          <FlaskConical size={16} aria-hidden="true" />
          <strong>
            {tests.length} test case{tests.length === 1 ? '' : 's'}
          </strong>
          {passed + failed > 0 ? (
            <span className="muted small">
              {passed} passed · {failed} failed
            </span>
          ) : null}
        </div>
        <div className="run-actions">
          <button
            type="button"
            className="button primary"
            disabled={!workflowId || tests.length === 0 || running.length > 0}
            onClick={() =>
              workflowId &&
              void useTests.getState().run(
                workflowId,
                tests.map((c) => c.name),
              )
            }
          >
            {running.length > 1 ? <LoaderCircle size={14} className="spin" aria-hidden="true" /> : <Play size={14} aria-hidden="true" />}
            Run all
          </button>
          <button
            type="button"
            className="button"
            disabled={!run || live}
            onClick={addRun}
            title="Its input, mocks for the nodes that reached the outside, its output as the expectation"
          >
            <Plus size={14} aria-hidden="true" /> Save run as test
          </button>
        </div>
        <p className="muted small">
          {!workflowId
            ? 'Save the workflow to run its tests.'
            : dirty
              ? 'Tests run the saved workflow: save to test your changes.'
              : 'Each case runs on in-memory data of its own, with a fixed clock; nothing reaches real data or the network.'}
        </p>
      </section>
      {error ? (
        <div className="run-error" role="alert">
          {error}
        </div>
      ) : null}
      {tests.length === 0 ? (
        <p className="tests-empty muted">
          No test cases yet. Run the workflow, then save the run as a test, or write cases under "tests" in the workflow's JSON.
        </p>
      ) : (
        <ul className="test-cases" aria-label="Test cases">
          {tests.map((testCase) => (
            <CaseRow
              key={testCase.name}
              testCase={testCase}
              result={results[testCase.name]}
              running={running.includes(testCase.name)}
              shown={shown === testCase.name}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
