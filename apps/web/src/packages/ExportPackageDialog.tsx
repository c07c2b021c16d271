import { Download } from 'lucide-react';
import { useId, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import { packageEndpoints } from '../api/packages.ts';
import { downloadJson } from '../ui/files.ts';
import { ID_PATTERN, slugify } from '../workflows/workflow-id.ts';
import { PackageDialog } from './PackageDialog.tsx';
import { buildPackage, packageFileName, SEMVER } from './package-file.ts';

function locatedProblems(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const problems = (error.details as { problems?: Array<{ path?: string; message: string }> } | null)?.problems;
  return Array.isArray(problems) ? problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)) : [];
}

/** Bundles the chosen workflows (and the collections they use) as a package: published here, and downloaded as a file. */
export function ExportPackageDialog({ workflows, onClose }: { workflows: Array<{ id: string; name: string }>; onClose(): void }) {
  const ids = { name: useId(), id: useId(), version: useId(), description: useId() };
  const [name, setName] = useState(workflows.length === 1 ? (workflows[0]?.name ?? '') : '');
  const [id, setId] = useState<string | undefined>();
  const [version, setVersion] = useState('1.0.0');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; problems: string[] } | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const packageId = id ?? slugify(name || 'package');
  const idProblem = ID_PATTERN.test(packageId) ? undefined : 'Use letters, digits and . _ : - (not first)';
  const versionProblem = SEMVER.test(version) ? undefined : 'A semantic version, like 1.0.0';

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const [documents, known] = await Promise.all([
        Promise.all(workflows.map(async (w) => ({ ...(await endpoints.workflow(w.id)).document, id: w.id }))),
        // Without the store mod there is nothing to declare: the package carries workflows only.
        packageEndpoints.collections().catch(() => []),
      ]);
      const file = buildPackage({ id: packageId, version, name: name.trim() || packageId, description }, documents, known);
      const published = await packageEndpoints.publish(file);
      downloadJson(packageFileName(file.manifest), file);
      setDone(
        `${published.replaced ? 'Replaced' : 'Published'} ${packageId}@${version} with ${documents.length} workflow${documents.length === 1 ? '' : 's'}` +
          `${file.collections.length > 0 ? ` and ${file.collections.length} collection${file.collections.length === 1 ? '' : 's'}` : ''}; the file is downloading.`,
      );
    } catch (e) {
      setError({ message: errorMessage(e), problems: locatedProblems(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <PackageDialog title="Export a package" onClose={onClose}>
      {done ? (
        <>
          <p role="status" data-testid="export-done">
            {done}
          </p>
          <div className="dialog-actions">
            <button type="button" className="button primary" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <p className="muted small">
            {workflows.length} workflow{workflows.length === 1 ? '' : 's'}: {workflows.map((w) => w.id).join(', ')}
          </p>
          <div className="field">
            <label htmlFor={ids.name}>
              <span className="field-name">Name</span>
            </label>
            <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} placeholder="Greetings" required />
          </div>
          <div className={idProblem ? 'field has-problem' : 'field'}>
            <label htmlFor={ids.id}>
              <span className="field-name">Package id</span>
            </label>
            <input id={ids.id} value={packageId} onChange={(e) => setId(e.target.value)} aria-invalid={idProblem ? true : undefined} />
            {idProblem ? <div className="field-problem">{idProblem}</div> : null}
          </div>
          <div className={versionProblem ? 'field has-problem' : 'field'}>
            <label htmlFor={ids.version}>
              <span className="field-name">Version</span>
              <span className="field-type">publishing the same version again replaces it</span>
            </label>
            <input id={ids.version} value={version} onChange={(e) => setVersion(e.target.value)} aria-invalid={versionProblem ? true : undefined} />
            {versionProblem ? <div className="field-problem">{versionProblem}</div> : null}
          </div>
          <div className="field">
            <label htmlFor={ids.description}>
              <span className="field-name">Description</span>
            </label>
            <textarea id={ids.description} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
          </div>
          {error ? (
            <div className="banner banner-error" role="alert">
              <div>
                <p>{error.message}</p>
                {error.problems.length > 0 ? (
                  <ul>
                    {error.problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
            </div>
          ) : null}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={busy || !name.trim() || Boolean(idProblem || versionProblem)}>
              <Download size={14} aria-hidden="true" /> {busy ? 'Publishing…' : 'Publish and download'}
            </button>
          </div>
        </form>
      )}
    </PackageDialog>
  );
}
