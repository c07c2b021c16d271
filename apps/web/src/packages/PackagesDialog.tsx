import { Download, PackageOpen, Trash2, Upload } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { type PackageListing, packageEndpoints } from '../api/packages.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { downloadJson } from '../ui/files.ts';
import { formatWhen } from '../ui/format.ts';
import { InstallPackage } from './InstallPackage.tsx';
import { PackageDialog } from './PackageDialog.tsx';
import { fileOf, packageFileName } from './package-file.ts';

/** Published packages, the newest version of each: download, install, delete. */
export function PackagesDialog({ onClose, onInstalled, onImport }: { onClose(): void; onInstalled(): void; onImport(): void }) {
  const [packages, setPackages] = useState<PackageListing[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [installing, setInstalling] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<PackageListing | undefined>();

  const refresh = useCallback(async () => {
    try {
      setPackages(await packageEndpoints.list());
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, []);

  useEffect(() => void refresh(), [refresh]);

  const download = async (p: PackageListing) => {
    try {
      downloadJson(packageFileName(p), fileOf(await packageEndpoints.get(p.id, p.version)));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const remove = async (p: PackageListing) => {
    try {
      await packageEndpoints.remove(p.id, p.version);
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <PackageDialog title="Packages" onClose={onClose} wide>
      <div className="package-toolbar">
        <p className="muted small">Bundles of workflows and collections, to move between installations. The newest version of each is listed.</p>
        <button type="button" className="button primary" onClick={onImport}>
          <Upload size={14} aria-hidden="true" /> Import a package file
        </button>
      </div>
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      {packages?.length === 0 ? (
        <div className="empty-state">
          <PackageOpen size={28} aria-hidden="true" />
          <p className="muted">No packages yet. Select workflows in the list and export them, or import a package file.</p>
        </div>
      ) : null}
      {packages && packages.length > 0 ? (
        <ul className="package-list">
          {packages.map((p) => (
            <li key={p.id} className="package-item" data-package={p.id}>
              <div className="package-item-head">
                <div>
                  <strong>{p.name}</strong> <code className="muted">{`${p.id}@${p.version}`}</code>
                  <div className="muted small">
                    {p.workflows} workflow{p.workflows === 1 ? '' : 's'}
                    {p.collections > 0 ? `, ${p.collections} collection${p.collections === 1 ? '' : 's'}` : ''} · updated {formatWhen(p.updatedAt)}
                    {p.versions.length > 1 ? ` · versions ${p.versions.join(', ')}` : ''}
                  </div>
                  {p.description ? <p className="small">{p.description}</p> : null}
                </div>
                <div className="package-actions">
                  <button type="button" className="button" onClick={() => setInstalling(installing === p.id ? undefined : p.id)}>
                    <PackageOpen size={14} aria-hidden="true" /> Install…
                  </button>
                  <button type="button" className="icon-button" aria-label={`Download ${p.id}@${p.version}`} onClick={() => void download(p)}>
                    <Download size={16} aria-hidden="true" />
                  </button>
                  <button type="button" className="icon-button" aria-label={`Delete ${p.id}@${p.version}`} onClick={() => setDeleting(p)}>
                    <Trash2 size={16} aria-hidden="true" />
                  </button>
                </div>
              </div>
              {installing === p.id ? <InstallPackage id={p.id} version={p.version} onInstalled={onInstalled} /> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${deleting.id}@${deleting.version}?`}
          confirmLabel="Delete"
          danger
          onConfirm={() => {
            setDeleting(undefined);
            void remove(deleting);
          }}
          onCancel={() => setDeleting(undefined)}
        >
          <p>This published version of the package is removed. Workflows installed from it stay as they are.</p>
        </ConfirmDialog>
      ) : null}
    </PackageDialog>
  );
}
