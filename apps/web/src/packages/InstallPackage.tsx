import { CircleCheck, TriangleAlert } from 'lucide-react';
import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.ts';
import { type InstallResult, packageEndpoints } from '../api/packages.ts';

type Status =
  | { step: 'ready' }
  | { step: 'installing' }
  | { step: 'clash'; clashes: string[] }
  | { step: 'done'; result: InstallResult }
  | { step: 'error'; message: string; problems?: string[] };

function problemLines(error: ApiError): string[] | undefined {
  const problems = (error.details as { problems?: Record<string, Array<{ message: string; path?: string }>> } | null)?.problems;
  if (!problems || Array.isArray(problems)) return undefined;
  return Object.entries(problems).flatMap(([workflow, list]) => list.map((p) => `${workflow}: ${p.path ? `${p.path}: ` : ''}${p.message}`));
}

/**
 * Installs a published package: its workflows as drafts (or published), its collections
 * declared. A workflow id that exists here is shown as a clash, and replaced only when asked.
 */
export function InstallPackage({ id, version, onInstalled }: { id: string; version: string; onInstalled(result: InstallResult): void }) {
  const publishId = useId();
  const [publish, setPublish] = useState(false);
  const [status, setStatus] = useState<Status>({ step: 'ready' });

  const install = async (overwrite: boolean) => {
    setStatus({ step: 'installing' });
    try {
      const result = await packageEndpoints.install(id, version, { publish, overwrite });
      setStatus({ step: 'done', result });
      onInstalled(result);
    } catch (error) {
      const clashes = error instanceof ApiError ? (error.details as { clashes?: string[] } | null)?.clashes : undefined;
      if (error instanceof ApiError && error.status === 409 && Array.isArray(clashes)) setStatus({ step: 'clash', clashes });
      else {
        const problems = error instanceof ApiError ? problemLines(error) : undefined;
        setStatus({ step: 'error', message: errorMessage(error), ...(problems ? { problems } : {}) });
      }
    }
  };

  if (status.step === 'done') {
    const { result } = status;
    return (
      <div className="install-result" role="status">
        <p>
          <CircleCheck size={14} aria-hidden="true" /> Installed <code>{result.package}</code>.
        </p>
        <ul>
          {result.workflows.map((w) => (
            <li key={w.id}>
              <code>{w.id}</code> {w.replaced ? 'replaced' : 'added'}
              {w.version !== null ? `, published as version ${w.version}` : ', as a draft'}
            </li>
          ))}
          {result.collections.map((name) => (
            <li key={name}>
              collection <code>{name}</code> declared
            </li>
          ))}
        </ul>
      </div>
    );
  }

  return (
    <div className="install-package">
      <label htmlFor={publishId} className="checkbox-field">
        <input id={publishId} type="checkbox" checked={publish} onChange={(e) => setPublish(e.target.checked)} />
        Publish each workflow as its new active version (otherwise they arrive as drafts)
      </label>
      {status.step === 'clash' ? (
        <div className="banner clash-banner" role="alert" data-testid="install-clash">
          <TriangleAlert size={16} aria-hidden="true" />
          <div>
            <p>
              {status.clashes.length === 1 ? 'A workflow with this id exists here' : 'Workflows with these ids exist here'}:{' '}
              {status.clashes.map((c, i) => (
                <span key={c}>
                  {i > 0 ? ', ' : ''}
                  <code>{c}</code>
                </span>
              ))}
              . Nothing was installed.
            </p>
            <button type="button" className="button danger" onClick={() => void install(true)}>
              Overwrite {status.clashes.length === 1 ? 'it' : 'them'}
            </button>
          </div>
        </div>
      ) : null}
      {status.step === 'error' ? (
        <div className="banner banner-error" role="alert">
          <div>
            <p>{status.message}</p>
            {status.problems ? (
              <ul>
                {status.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      ) : null}
      {status.step !== 'clash' ? (
        <button type="button" className="button primary" disabled={status.step === 'installing'} onClick={() => void install(false)}>
          {status.step === 'installing' ? 'Installing…' : 'Install'}
        </button>
      ) : null}
    </div>
  );
}
