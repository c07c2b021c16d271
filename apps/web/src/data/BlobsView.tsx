import type { ColumnDef } from '@tanstack/react-table';
import { Download, FileBox, Trash2, Upload, X } from 'lucide-react';
import { type DragEvent, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { type BlobMeta, storeApi } from '../api/store.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { CursorPager, type Cursors } from '../ui/CursorPager.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { formatWhen } from '../ui/format.ts';
import { BlobPreview } from './BlobPreview.tsx';
import { runOwner } from './run-owner.ts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function DropZone({ onFiles, busy }: { onFiles(files: File[]): void; busy: boolean }) {
  const [over, setOver] = useState(false);
  const inputId = useId();
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    onFiles([...event.dataTransfer.files]);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target; the file input inside it is the keyboard way
    <div
      className={over ? 'drop-zone is-over' : 'drop-zone'}
      data-testid="blob-drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <Upload size={20} aria-hidden="true" />
      <span>{busy ? 'Uploading…' : 'Drop files here to upload them, or'}</span>
      <label htmlFor={inputId} className="button small-button">
        choose files
      </label>
      <input
        id={inputId}
        type="file"
        multiple
        className="visually-hidden"
        onChange={(e) => {
          onFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
    </div>
  );
}

/** Every blob, a page at a time by cursor; one opens in a preview beside the table. */
export function BlobsView() {
  const [cursors, setCursors] = useState<Cursors>([undefined]);
  const [page, setPage] = useState<{ blobs: BlobMeta[]; next: string | null } | undefined>();
  const [selected, setSelected] = useState<BlobMeta | undefined>();
  const [deleting, setDeleting] = useState<BlobMeta | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    // `reload` asks for the page again after an upload or a delete.
    void reload;
    storeApi.blobs(cursor).then(
      (result) => {
        setPage(result);
        setError(undefined);
      },
      (e) => setError(errorMessage(e)),
    );
  }, [cursor, reload]);

  const upload = useCallback(async (files: File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    setError(undefined);
    try {
      let last: BlobMeta | undefined;
      for (const file of files) last = await storeApi.uploadBlob(file);
      setSelected(last);
      setReload((n) => n + 1);
    } catch (e) {
      setError(`The upload failed: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  }, []);

  const remove = async (blob: BlobMeta) => {
    setDeleting(undefined);
    try {
      await storeApi.removeBlob(blob.id);
      if (selected?.id === blob.id) setSelected(undefined);
      setReload((n) => n + 1);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const columns = useMemo<ColumnDef<BlobMeta, unknown>[]>(
    () => [
      {
        id: 'id',
        header: 'Blob',
        cell: ({ row }) => (
          <button type="button" className="link-button row-link blob-id" onClick={() => setSelected(row.original)} title={row.original.id}>
            <code>{row.original.id}</code>
          </button>
        ),
      },
      {
        id: 'filename',
        header: 'File name',
        cell: ({ row }) =>
          row.original.filename === null ? (
            <span className="muted">—</span>
          ) : (
            <span className="blob-filename" title={row.original.filename}>
              {row.original.filename}
            </span>
          ),
      },
      { id: 'mime', header: 'Type', cell: ({ row }) => <code className="muted">{row.original.mime}</code> },
      { id: 'size', header: 'Size', cell: ({ row }) => <span className="numeric">{formatBytes(row.original.size)}</span> },
      {
        id: 'owner',
        header: 'Owner',
        cell: ({ row }) => {
          const owner = row.original.ownerId;
          if (!owner) return <span className="muted">—</span>;
          return runOwner(owner) ? <Link to={`/runs/${owner}`}>run {owner.slice(-8)}</Link> : <code>{owner}</code>;
        },
      },
      { id: 'createdAt', header: 'Created', cell: ({ row }) => <span className="muted">{formatWhen(row.original.createdAt)}</span> },
      {
        id: 'actions',
        header: () => <span className="visually-hidden">Actions</span>,
        cell: ({ row }) => (
          <span className="row-buttons">
            <a
              className="icon-button"
              href={storeApi.blobUrl(row.original.id)}
              download={row.original.filename ?? row.original.id}
              aria-label={`Download blob ${row.original.filename ?? row.original.id}`}
            >
              <Download size={15} aria-hidden="true" />
            </a>
            <button type="button" className="icon-button" onClick={() => setDeleting(row.original)} aria-label={`Delete blob ${row.original.id}`}>
              <Trash2 size={15} aria-hidden="true" />
            </button>
          </span>
        ),
      },
    ],
    [],
  );

  const blobs = page?.blobs ?? [];
  return (
    <>
      <DropZone onFiles={(files) => void upload(files)} busy={busy} />
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className={selected ? 'documents-body has-panel' : 'documents-body'}>
        <div className="documents-table">
          {page && blobs.length === 0 ? (
            <div className="empty-state">
              <FileBox size={28} aria-hidden="true" />
              <h2>No blobs yet</h2>
              <p className="muted">Files a workflow stored with store.blob.put, or files dropped here, show up here.</p>
            </div>
          ) : (
            <DataTable
              label="Blobs"
              rows={blobs}
              columns={columns}
              rowId={(b) => b.id}
              selectedId={selected?.id}
              onRowClick={(blob) => setSelected(blob)}
            />
          )}
          <CursorPager cursors={cursors} next={page?.next} onChange={setCursors} />
        </div>
        {selected ? (
          <aside className="card doc-panel" aria-label={`Blob ${selected.id}`}>
            <header className="doc-panel-header">
              <div className="doc-panel-title">
                <h2>
                  <code>{selected.id}</code>
                </h2>
                <span className="muted small">
                  {selected.filename === null ? null : `${selected.filename} · `}
                  {selected.mime} · {formatBytes(selected.size)} · sha256 {selected.sha256.slice(0, 12)}…
                </span>
              </div>
              <button type="button" className="icon-button" onClick={() => setSelected(undefined)} aria-label="Close the preview">
                <X size={16} aria-hidden="true" />
              </button>
            </header>
            <div className="doc-actions">
              <a className="button" href={storeApi.blobUrl(selected.id)} download={selected.filename ?? selected.id}>
                <Download size={14} aria-hidden="true" />
                Download
              </a>
              <button type="button" className="button" onClick={() => setDeleting(selected)}>
                <Trash2 size={14} aria-hidden="true" />
                Delete
              </button>
            </div>
            <div className="blob-preview" data-testid="blob-preview">
              <BlobPreview key={selected.id} blob={selected} />
            </div>
          </aside>
        ) : null}
      </div>
      {deleting ? (
        <ConfirmDialog
          title="Delete this blob?"
          confirmLabel="Delete"
          danger
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(undefined)}
        >
          <p>
            <code>{deleting.id}</code> ({formatBytes(deleting.size)}) will be removed. Documents that refer to it will point at nothing. This cannot
            be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
