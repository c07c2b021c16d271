import type { ReactNode } from 'react';

interface TableHeadProps {
  columns: string[];
  /** A last column for the rows' buttons: no visible title, but one for screen readers. */
  actions?: boolean;
  /** A first header cell of its own (a select-all box), drawn before the named columns. */
  lead?: ReactNode;
}

/** The header row of a list page's table. */
export function TableHead({ columns, actions = false, lead }: TableHeadProps) {
  return (
    <thead>
      <tr>
        {lead}
        {columns.map((column) => (
          <th key={column} scope="col">
            {column}
          </th>
        ))}
        {actions ? (
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}
