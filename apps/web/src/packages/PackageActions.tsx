import { FileArchive, PackagePlus } from 'lucide-react';
import { useState } from 'react';
import { ExportPackageDialog } from './ExportPackageDialog.tsx';
import { ImportPackageDialog } from './ImportPackageDialog.tsx';
import { PackagesDialog } from './PackagesDialog.tsx';

type Open = 'export' | 'import' | 'list' | undefined;

/** The workflows list's package buttons: browse published packages (and import a file from there), export the selected workflows. */
export function PackageActions({ selected, onInstalled }: { selected: Array<{ id: string; name: string }>; onInstalled(): void }) {
  const [open, setOpen] = useState<Open>();
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen('list')}>
        <FileArchive size={14} aria-hidden="true" /> Packages
      </button>
      <button
        type="button"
        className="button"
        disabled={selected.length === 0}
        title={selected.length === 0 ? 'Select workflows in the list first' : undefined}
        onClick={() => setOpen('export')}
      >
        <PackagePlus size={14} aria-hidden="true" /> Export package{selected.length > 0 ? ` (${selected.length})` : ''}
      </button>
      {open === 'export' ? <ExportPackageDialog workflows={selected} onClose={() => setOpen(undefined)} /> : null}
      {open === 'import' ? <ImportPackageDialog onClose={() => setOpen(undefined)} onInstalled={onInstalled} /> : null}
      {open === 'list' ? <PackagesDialog onClose={() => setOpen(undefined)} onInstalled={onInstalled} onImport={() => setOpen('import')} /> : null}
    </>
  );
}
