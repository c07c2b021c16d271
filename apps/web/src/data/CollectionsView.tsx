import type { ColumnDef } from '@tanstack/react-table';
import { Database, LoaderCircle, Plus } from 'lucide-react';
import { type FormEvent, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { type CollectionInfo, storeApi } from '../api/store.ts';
import { DataTable } from '../ui/DataTable.tsx';

const splitList = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** Adds one index; the store fills it for the documents already there before it answers, so the wait is the backfill. */
function AddIndex({ collection, onDone }: { collection: CollectionInfo; onDone(): void }) {
  const [field, setField] = useState('');
  const [pending, setPending] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const inputId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const wanted = field.trim();
    if (!wanted) return;
    setPending(wanted);
    setError(undefined);
    try {
      await storeApi.declare(collection.name, [...collection.indexes, wanted]);
      setField('');
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(undefined);
    }
  };
  if (pending) {
    return (
      <div className="backfill" role="status">
        <LoaderCircle size={14} className="spin" aria-hidden="true" />
        Indexing <code>{pending}</code> on {collection.count.toLocaleString()} documents…
        <progress aria-label={`Backfill of the index on ${pending}`} />
      </div>
    );
  }
  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        New index on {collection.name}
      </label>
      <input id={inputId} className="input small-input" placeholder="field.path" value={field} onChange={(e) => setField(e.target.value)} />
      <button type="submit" className="button small-button" disabled={!field.trim()}>
        Add index
      </button>
      {error ? (
        <span className="field-problem" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}

function DeclareCollection({ onDone }: { onDone(): void }) {
  const [name, setName] = useState('');
  const [indexes, setIndexes] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const nameId = useId();
  const indexesId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await storeApi.declare(name.trim(), splitList(indexes));
      setName('');
      setIndexes('');
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card declare-form" onSubmit={submit} aria-label="Declare a collection">
      <div className="field">
        <label htmlFor={nameId}>Collection name</label>
        <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} placeholder="orders" />
      </div>
      <div className="field grow">
        <label htmlFor={indexesId}>Indexed fields (comma-separated)</label>
        <input id={indexesId} value={indexes} onChange={(e) => setIndexes(e.target.value)} placeholder="status, total, customer.city" />
      </div>
      <button type="submit" className="button primary" disabled={busy || !name.trim()}>
        <Plus size={15} aria-hidden="true" />
        Declare
      </button>
      {error ? (
        <p className="field-problem full-row" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** Every collection with its size and indexes; a collection opens its documents. */
export function CollectionsView() {
  const [collections, setCollections] = useState<CollectionInfo[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(() => {
    storeApi.collections().then(
      (list) => {
        setCollections(list);
        setError(undefined);
      },
      (e) => setError(errorMessage(e)),
    );
  }, []);
  useEffect(load, [load]);

  const columns = useMemo<ColumnDef<CollectionInfo, unknown>[]>(
    () => [
      {
        id: 'name',
        header: 'Collection',
        cell: ({ row }) => (
          <Link className="row-link" to={`/data?collection=${encodeURIComponent(row.original.name)}`}>
            <code>{row.original.name}</code>
          </Link>
        ),
      },
      { id: 'count', header: 'Documents', cell: ({ row }) => <span className="numeric">{row.original.count.toLocaleString()}</span> },
      {
        id: 'indexes',
        header: 'Indexed fields',
        cell: ({ row }) =>
          row.original.indexes.length ? (
            <span className="chips">
              {row.original.indexes.map((index) => (
                <code key={index} className="chip">
                  {index}
                </code>
              ))}
            </span>
          ) : (
            <span className="muted">none</span>
          ),
      },
      { id: 'add', header: 'Add an index', cell: ({ row }) => <AddIndex collection={row.original} onDone={load} /> },
    ],
    [load],
  );

  return (
    <>
      {error ? (
        <div className="banner banner-error" role="alert">
          The store is not available: {error}
        </div>
      ) : null}
      <DeclareCollection onDone={load} />
      {collections?.length === 0 ? (
        <div className="empty-state">
          <Database size={32} aria-hidden="true" />
          <h2>No collections yet</h2>
          <p className="muted">A workflow with a store op creates one on its first write, or declare one above.</p>
        </div>
      ) : null}
      {collections && collections.length > 0 ? <DataTable label="Collections" rows={collections} columns={columns} rowId={(c) => c.name} /> : null}
    </>
  );
}
