import { Columns3 } from 'lucide-react';

interface ColumnChooserProps {
  fields: readonly string[];
  visible: ReadonlySet<string>;
  onToggle(field: string): void;
}

/** Which of the documents' fields get a column; built on `<details>` so it needs no script to open or close. */
export function ColumnChooser({ fields, visible, onToggle }: ColumnChooserProps) {
  return (
    <details className="menu">
      <summary className="button">
        <Columns3 size={15} aria-hidden="true" />
        Columns
      </summary>
      <fieldset className="menu-panel">
        <legend className="visually-hidden">Columns shown</legend>
        {fields.length === 0 ? <p className="muted small">No fields on this page.</p> : null}
        {fields.map((field) => (
          <label key={field} className="menu-check">
            <input type="checkbox" checked={visible.has(field)} onChange={() => onToggle(field)} />
            <code>{field}</code>
          </label>
        ))}
      </fieldset>
    </details>
  );
}
