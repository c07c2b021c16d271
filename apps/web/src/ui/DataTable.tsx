import { type ColumnDef, flexRender, getCoreRowModel, type OnChangeFn, type SortingState, useReactTable } from '@tanstack/react-table';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import './data-table.css';

interface DataTableProps<Row> {
  rows: Row[];
  columns: ColumnDef<Row, unknown>[];
  rowId(row: Row): string;
  label: string;
  /** Sorting is done by the server: the table only says what was asked for. */
  sorting?: SortingState;
  onSortingChange?: OnChangeFn<SortingState>;
  columnVisibility?: Record<string, boolean>;
  selectedId?: string | undefined;
  onRowClick?(row: Row): void;
}

/** Every table of the app: TanStack Table's model, the app's `.table` look, paging and sorting left to the server. */
export function DataTable<Row>({
  rows,
  columns,
  rowId,
  label,
  sorting,
  onSortingChange,
  columnVisibility,
  selectedId,
  onRowClick,
}: DataTableProps<Row>) {
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: rowId,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    enableSortingRemoval: false,
    // Without an accessor TanStack would guess the direction; a first click always sorts ascending.
    sortDescFirst: false,
    state: { sorting: sorting ?? [], columnVisibility: columnVisibility ?? {} },
    onSortingChange,
  });
  return (
    <div className="table-scroll">
      <table className="table data-table" aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const content = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th key={header.id} scope="col" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
                    {header.column.getCanSort() ? (
                      <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                        {content}
                        {sorted === 'asc' ? (
                          <ArrowUp size={12} aria-hidden="true" />
                        ) : sorted === 'desc' ? (
                          <ArrowDown size={12} aria-hidden="true" />
                        ) : (
                          <ArrowUpDown size={12} aria-hidden="true" className="sort-idle" />
                        )}
                      </button>
                    ) : (
                      content
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              className={[onRowClick ? 'is-clickable' : '', row.id === selectedId ? 'is-selected' : ''].filter(Boolean).join(' ') || undefined}
              onClick={onRowClick ? () => onRowClick(row.original) : undefined}
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
