import type { ColumnDef, SortingState } from '@tanstack/react-table';
import { Download, FileText, Plus } from 'lucide-react';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { type CollectionInfo, type Doc, storeApi } from '../api/store.ts';
import { CursorPager, type Cursors } from '../ui/CursorPager.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { formatWhen, previewValue } from '../ui/format.ts';
import { ColumnChooser } from './ColumnChooser.tsx';
import { DocumentPanel } from './DocumentPanel.tsx';
import { FilterBuilder } from './FilterBuilder.tsx';
import { describeFilter, type FilterRow, filtersFromParam, toWhere, valueAt } from './filter.ts';

const PAGE_SIZES = [25, 50, 100, 250];
const DEFAULT_COLUMNS = 6;
const ID_COLUMN = 'id';

function fieldColumn(field: string, sortable: boolean): ColumnDef<Doc, unknown> {
  return {
    id: `field:${field}`,
    // TanStack only offers sorting on columns with an accessor; the rows come sorted from the server.
    accessorFn: (doc) => valueAt(doc.data, field),
    header: field,
    enableSorting: sortable,
    cell: ({ row }) => {
      const value = valueAt(row.original.data, field);
      return value === undefined ? <span className="muted">—</span> : <span className="cell-value">{previewValue(value, 60)}</span>;
    },
  };
}

/** A collection's documents: a page at a time by cursor, sorted and filtered by the server on its indexes. */
export function DocumentsView({ collection }: { collection: string }) {
  const [params, setParams] = useSearchParams();
  const openId = params.get('doc');
  const creating = params.get('new') === '1';
  const [info, setInfo] = useState<CollectionInfo | undefined>();
  // The filter lives in the address, so a shared or reloaded link shows the same documents.
  const filters = useMemo(() => filtersFromParam(params.get('filter')), [params]);
  const setFilters = useCallback(
    (rows: FilterRow[]) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (rows.length > 0) next.set('filter', JSON.stringify(rows));
          else next.delete('filter');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const [sorting, setSorting] = useState<SortingState>([{ id: ID_COLUMN, desc: false }]);
  const [pageSize, setPageSize] = useState(50);
  /** The cursor of every page up to the current one: going back is popping, never re-reading from the start. */
  const [cursors, setCursors] = useState<Cursors>([undefined]);
  const [page, setPage] = useState<{ docs: Doc[]; next: string | null } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [chosen, setChosen] = useState<Set<string> | undefined>();
  const [reload, setReload] = useState(0);
  const pageSizeId = useId();

  const indexes = info?.indexes ?? [];
  const where = useMemo(() => toWhere(filters), [filters]);
  const sort = sorting[0];
  const orderBy = sort && sort.id !== ID_COLUMN ? sort.id.slice('field:'.length) : undefined;
  const order = sort?.desc ? 'desc' : 'asc';
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    storeApi.collections().then(
      (list) => setInfo(list.find((c) => c.name === collection) ?? { name: collection, indexes: [], count: 0 }),
      (e) => setError(errorMessage(e)),
    );
    // After a write the count changes: `reload` reads it again.
    void reload;
  }, [collection, reload]);

  useEffect(() => {
    // `reload` asks for the same page again after a write.
    void reload;
    const abort = new AbortController();
    storeApi.docs(collection, { where, orderBy, order, limit: pageSize, cursor }, abort.signal).then(
      (result) => {
        setPage(result);
        setError(undefined);
      },
      (e) => {
        if (!abort.signal.aborted) setError(errorMessage(e));
      },
    );
    return () => abort.abort();
  }, [collection, where, orderBy, order, pageSize, cursor, reload]);

  const restart = useCallback(() => setCursors([undefined]), []);

  /** Top-level fields of the documents on this page, then indexed paths not among them. */
  const fields = useMemo(() => {
    const seen = new Set<string>();
    for (const doc of page?.docs ?? []) for (const key of Object.keys(doc.data)) seen.add(key);
    for (const index of indexes) seen.add(index);
    return [...seen];
  }, [page, indexes]);
  const visible = useMemo(() => chosen ?? new Set([...indexes, ...fields].slice(0, DEFAULT_COLUMNS)), [chosen, indexes, fields]);
  const unindexed = fields.filter((field) => !indexes.includes(field));

  const openDoc = useCallback(
    (id: string | null) => {
      const next = new URLSearchParams(params);
      next.delete('doc');
      next.delete('new');
      if (id !== null) next.set('doc', id);
      setParams(next);
    },
    [params, setParams],
  );

  const columns = useMemo<ColumnDef<Doc, unknown>[]>(
    () => [
      {
        id: ID_COLUMN,
        accessorFn: (doc) => doc.id,
        header: 'id',
        enableSorting: true,
        cell: ({ row }) => (
          <Link className="row-link" to={`/data?collection=${encodeURIComponent(collection)}&doc=${encodeURIComponent(row.original.id)}`}>
            <code>{row.original.id}</code>
          </Link>
        ),
      },
      ...fields.filter((field) => visible.has(field)).map((field) => fieldColumn(field, indexes.includes(field))),
      { id: 'version', header: 'version', enableSorting: false, cell: ({ row }) => <span className="numeric">{row.original.version}</span> },
      {
        id: 'updatedAt',
        header: 'updated',
        enableSorting: false,
        cell: ({ row }) => <span className="muted">{formatWhen(row.original.updatedAt)}</span>,
      },
    ],
    [collection, fields, visible, indexes],
  );

  const from = (cursors.length - 1) * pageSize;
  const rows = page?.docs ?? [];
  const exportQuery = { where, orderBy, order } as const;

  return (
    <section className="documents" aria-label={`Documents of ${collection}`}>
      <div className="documents-header">
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link to="/data">Collections</Link>
          <span aria-hidden="true">/</span>
          <h2>
            <code>{collection}</code>
          </h2>
          {info ? <span className="muted small">{info.count.toLocaleString()} documents</span> : null}
        </nav>
        <div className="page-actions">
          <a className="button" href={storeApi.exportUrl(collection, 'jsonl', exportQuery)} download={`${collection}.jsonl`}>
            <Download size={15} aria-hidden="true" />
            JSON lines
          </a>
          <a className="button" href={storeApi.exportUrl(collection, 'csv', exportQuery)} download={`${collection}.csv`}>
            <Download size={15} aria-hidden="true" />
            CSV
          </a>
          <button
            type="button"
            className="button primary"
            onClick={() => {
              const next = new URLSearchParams(params);
              next.delete('doc');
              next.set('new', '1');
              setParams(next);
            }}
          >
            <Plus size={15} aria-hidden="true" />
            New document
          </button>
        </div>
      </div>
      {info ? (
        <FilterBuilder
          key={info.indexes.join(',')}
          indexes={indexes}
          unindexed={unindexed}
          applied={filters}
          onApply={(rows) => {
            setFilters(rows);
            restart();
          }}
        />
      ) : null}
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className={openId || creating ? 'documents-body has-panel' : 'documents-body'}>
        <div className="documents-table">
          <div className="table-toolbar">
            <span className="muted small" data-testid="row-range">
              {rows.length === 0 ? 'No documents' : `Rows ${from + 1}–${from + rows.length}`}
              {filters.length > 0 ? ` matching ${filters.map(describeFilter).join(' and ')}` : ''}
            </span>
            <div className="toolbar-group">
              <ColumnChooser
                fields={fields}
                visible={visible}
                onToggle={(field) =>
                  setChosen(() => {
                    const next = new Set(visible);
                    if (next.has(field)) next.delete(field);
                    else next.add(field);
                    return next;
                  })
                }
              />
              <label htmlFor={pageSizeId} className="small muted">
                Rows per page
              </label>
              <select
                id={pageSizeId}
                className="input"
                value={pageSize}
                onChange={(e) => {
                  setPageSize(Number(e.target.value));
                  restart();
                }}
              >
                {PAGE_SIZES.map((size) => (
                  <option key={size} value={size}>
                    {size}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {page && rows.length === 0 ? (
            <div className="empty-state">
              <FileText size={28} aria-hidden="true" />
              <h2>{filters.length > 0 ? 'No document matches this filter' : 'No documents yet'}</h2>
            </div>
          ) : (
            <DataTable
              label={`Documents of ${collection}`}
              rows={rows}
              columns={columns}
              rowId={(doc) => doc.id}
              sorting={sorting}
              onSortingChange={(updater) => {
                setSorting((current) => (typeof updater === 'function' ? updater(current) : updater));
                restart();
              }}
              selectedId={openId ?? undefined}
              onRowClick={(doc) => openDoc(doc.id)}
            />
          )}
          <CursorPager cursors={cursors} next={page?.next} onChange={setCursors} />
        </div>
        {openId || creating ? (
          <DocumentPanel
            key={openId ?? 'new'}
            collection={collection}
            id={creating ? null : openId}
            onSaved={(doc) => {
              setReload((n) => n + 1);
              if (creating) openDoc(doc.id);
            }}
            onDeleted={() => {
              setReload((n) => n + 1);
              openDoc(null);
            }}
            onClose={() => openDoc(null)}
          />
        ) : null}
      </div>
    </section>
  );
}
