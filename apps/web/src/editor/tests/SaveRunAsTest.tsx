import type { RunRecord, TestCase } from '@pattern/core';
import { FlaskConical } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { endpoints } from '../../api/endpoints.ts';
import { useCatalog } from '../../catalog/catalog-store.ts';
import { useEditor } from '../editor-store.ts';
import { testCaseFromRun } from './from-run.ts';

/** Adds the run as a case of the workflow open in the editor: unsaved, to edit before saving. */
export function addRunToEditor(run: RunRecord): TestCase {
  const current = useEditor.getState().meta.tests ?? [];
  const testCase = testCaseFromRun(
    run,
    useCatalog.getState().byName,
    current.map((c) => c.name),
  );
  useEditor.getState().setMeta({ tests: [...current, testCase] });
  useEditor.getState().notify(`Added the test case “${testCase.name}” (Tests tab): save the workflow to keep it`);
  return testCase;
}

/** Adds the run as a case of its saved workflow, from the runs browser, and links to the editor to refine it. */
async function addRunToSaved(run: RunRecord, workflowId: string): Promise<string> {
  const catalog = useCatalog.getState();
  const ops = catalog.status === 'ready' ? catalog.byName : new Map((await endpoints.catalog()).map((op) => [op.name, op]));
  const { document } = await endpoints.workflow(workflowId);
  const current = document.tests ?? [];
  const testCase = testCaseFromRun(
    run,
    ops,
    current.map((c) => c.name),
  );
  await endpoints.saveWorkflow(workflowId, { ...document, tests: [...current, testCase] });
  return testCase.name;
}

/** "Save this run as a test": its input, mocks for the nodes that reached the outside with what they answered, its output as the expectation. */
export function SaveRunAsTest({ run, into }: { run: RunRecord; into: 'editor' | 'saved' }) {
  const [saved, setSaved] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  if (run.status === 'running' || run.tracesDropped !== undefined) return null;
  const workflowId = run.workflowId;
  const save = async () => {
    if (into === 'editor') {
      addRunToEditor(run);
      return;
    }
    if (!workflowId) return;
    setBusy(true);
    setError(undefined);
    try {
      setSaved(await addRunToSaved(run, workflowId));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  if (into === 'saved' && !workflowId) return null;
  return (
    <>
      <button type="button" className="button" onClick={() => void save()} disabled={busy}>
        <FlaskConical size={14} aria-hidden="true" />
        Save this run as a test
      </button>
      {saved && workflowId ? (
        <span className="muted small" role="status">
          Saved as “{saved}”: <Link to={`/workflows/${encodeURIComponent(workflowId)}`}>edit it in the editor</Link>
        </span>
      ) : null}
      {error ? (
        <span className="field-problem" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
