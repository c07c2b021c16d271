import { ChevronLeft, ChevronRight } from 'lucide-react';

export type Cursors = (string | undefined)[];

interface CursorPagerProps {
  /** The cursor of every page seen so far; the last is the current page's (`undefined` for the first). */
  cursors: Cursors;
  /** The server's cursor of the next page; none on the last page. */
  next: string | null | undefined;
  onChange: (cursors: Cursors) => void;
  previousLabel?: string;
  nextLabel?: string;
}

/** Back and forth over server-side cursor pages: the server only ever hands out the next cursor, so the way back is remembered here. */
export function CursorPager({ cursors, next, onChange, previousLabel = 'Previous', nextLabel = 'Next' }: CursorPagerProps) {
  return (
    <div className="pager">
      <button type="button" className="button" disabled={cursors.length === 1} onClick={() => onChange(cursors.slice(0, -1))}>
        <ChevronLeft size={15} aria-hidden="true" />
        {previousLabel}
      </button>
      <span className="muted small">Page {cursors.length}</span>
      <button type="button" className="button" disabled={!next} onClick={() => next && onChange([...cursors, next])}>
        {nextLabel}
        <ChevronRight size={15} aria-hidden="true" />
      </button>
    </div>
  );
}
