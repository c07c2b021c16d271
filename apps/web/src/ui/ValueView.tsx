import { useMemo, useState } from 'react';

const COLLAPSE_AT = 1200;

function isTruncated(value: unknown): value is { $truncated: true; bytes: number; preview: string } {
  return value !== null && typeof value === 'object' && (value as Record<string, unknown>).$truncated === true;
}

function kilobytes(chars: number): string {
  return chars < 1024 ? `${chars} B` : `${(chars / 1024).toFixed(1)} KB`;
}

/** A JSON value from a run: small ones shown whole, large ones collapsed until asked for. */
export function ValueView({ value, label }: { value: unknown; label: string }) {
  const [open, setOpen] = useState(false);
  const text = useMemo(() => (value === undefined ? 'not emitted' : (JSON.stringify(value, null, 2) ?? String(value))), [value]);
  if (isTruncated(value)) {
    return (
      <div className="value-view">
        <p className="muted">Stored truncated: {kilobytes(value.bytes)} in full. Start of it:</p>
        <pre>{value.preview}…</pre>
      </div>
    );
  }
  if (text.length <= COLLAPSE_AT || open) {
    return (
      <div className="value-view" data-value-of={label}>
        <pre>{text}</pre>
        {open ? (
          <button type="button" className="link-button" onClick={() => setOpen(false)}>
            Collapse
          </button>
        ) : null}
      </div>
    );
  }
  return (
    <div className="value-view" data-value-of={label}>
      <pre>{text.slice(0, 280)}…</pre>
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        Show all ({kilobytes(text.length)})
      </button>
    </div>
  );
}
