import type { RunRecord } from '@pattern/core';
import { StepForward } from 'lucide-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';

/**
 * "Resume from here" for the node chosen in a settled run: a new run in which what ran `ok`
 * upstream of the node hands on its recorded outputs, and the node and what follows run again.
 */
export function ResumeRun({ run, nodeId }: { run: RunRecord; nodeId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const navigate = useNavigate();
  if (run.status === 'running' || run.tracesDropped !== undefined || !run.graph) return null;
  const failedHere = run.error?.nodeId === nodeId;

  const resume = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const started = await endpoints.resumeRun(run.id, nodeId);
      navigate(`/runs/${started.id}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={failedHere ? 'resume-bar is-failed' : 'resume-bar'}>
      <p>
        {failedHere ? (
          <>
            <strong>{nodeId}</strong> failed. Resume runs it and what follows again, reusing the outputs of the nodes before it.
          </>
        ) : (
          <>
            Run again from <strong>{nodeId}</strong>, reusing the outputs of the nodes before it.
          </>
        )}
      </p>
      <button type="button" className={failedHere ? 'button primary' : 'button'} onClick={() => void resume()} disabled={busy}>
        <StepForward size={14} aria-hidden="true" />
        Resume from here
      </button>
      {error ? (
        <p className="field-problem" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
