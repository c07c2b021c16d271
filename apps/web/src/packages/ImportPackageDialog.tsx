import { useId, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { type PackageFile, packageEndpoints } from '../api/packages.ts';
import { readJsonFile } from '../ui/files.ts';
import { InstallPackage } from './InstallPackage.tsx';
import { PackageDialog } from './PackageDialog.tsx';
import { PackageSummary } from './PackageSummary.tsx';
import { parsePackageFile } from './package-file.ts';

/** A package file from elsewhere: published here first (so it can be installed again), then installed. */
export function ImportPackageDialog({ onClose, onInstalled }: { onClose(): void; onInstalled(): void }) {
  const fileId = useId();
  const [file, setFile] = useState<{ name: string; pkg: PackageFile; replaced: boolean } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const choose = async (chosen: File) => {
    setBusy(true);
    setError(undefined);
    setFile(undefined);
    try {
      const pkg = parsePackageFile(await readJsonFile(chosen));
      const published = await packageEndpoints.publish(pkg);
      setFile({ name: chosen.name, pkg, replaced: published.replaced });
    } catch (e) {
      setError(`Cannot import ${chosen.name}: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PackageDialog title="Import a package" onClose={onClose}>
      <div className="field">
        <label htmlFor={fileId}>
          <span className="field-name">Package file</span>
          <span className="field-type">.pattern-package.json</span>
        </label>
        <input
          id={fileId}
          type="file"
          accept="application/json,.json"
          disabled={busy}
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            if (chosen) void choose(chosen);
          }}
        />
      </div>
      {busy ? <p className="muted">Publishing…</p> : null}
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      {file ? (
        <>
          <p className="small" role="status">
            {file.replaced ? 'Replaced' : 'Published'} <code>{`${file.pkg.manifest.id}@${file.pkg.manifest.version}`}</code> here.
          </p>
          <PackageSummary pkg={file.pkg} />
          <InstallPackage id={file.pkg.manifest.id} version={file.pkg.manifest.version} onInstalled={onInstalled} />
        </>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </PackageDialog>
  );
}
