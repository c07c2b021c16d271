import { RefreshCw } from 'lucide-react';
import './presence.css';

/** Another session saved this workflow: offered before this editor's own save would conflict. */
export function SavedElsewhereNotice({ dirty, onLoad, onMerge }: { dirty: boolean; onLoad(): void; onMerge(): void }) {
  return (
    <div className="saved-elsewhere" role="status">
      <RefreshCw size={15} aria-hidden="true" />
      <span>A newer version was saved in another session.{dirty ? ' Your unsaved changes are kept until you choose.' : ''}</span>
      <button type="button" className="button" onClick={onLoad}>
        Load theirs
      </button>
      {dirty ? (
        <button type="button" className="button primary" onClick={onMerge}>
          Merge
        </button>
      ) : null}
    </div>
  );
}
