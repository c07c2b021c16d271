import { History, Search } from 'lucide-react';
import { useCallback, useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { eventEndpoints, type StreamInfo } from '../api/events.ts';
import { formatWhen } from '../ui/format.ts';
import { streamPath } from './event-links.ts';

const PAGE = 50;

/** Every stream, by `type/id` prefix, a page at a time. */
export function StreamsList() {
  const [params, setParams] = useSearchParams();
  const prefix = params.get('prefix') ?? '';
  const [typed, setTyped] = useState(prefix);
  const [streams, setStreams] = useState<StreamInfo[] | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const searchId = useId();

  const load = useCallback(
    async (cursor?: string) => {
      setLoading(true);
      try {
        const page = await eventEndpoints.streams({ prefix, limit: PAGE, ...(cursor ? { cursor } : {}) });
        setStreams((current) => (cursor ? [...(current ?? []), ...page.streams] : page.streams));
        setNext(page.next);
        setError(undefined);
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setLoading(false);
      }
    },
    [prefix],
  );

  useEffect(() => void load(), [load]);

  // Typing narrows the list after a short pause; the prefix lives in the URL so the view can be linked.
  useEffect(() => {
    if (typed === prefix) return;
    const timer = setTimeout(() => setParams(typed ? { prefix: typed } : {}, { replace: true }), 250);
    return () => clearTimeout(timer);
  }, [typed, prefix, setParams]);

  return (
    <section aria-label="Streams" className="events-section">
      <div className="events-search">
        <label htmlFor={searchId} className="visually-hidden">
          Stream prefix
        </label>
        <Search size={15} aria-hidden="true" />
        <input
          id={searchId}
          type="search"
          value={typed}
          placeholder="Order/ or Order/o-1"
          onChange={(e) => setTyped(e.target.value)}
          spellCheck={false}
        />
      </div>
      {error ? (
        <div className="banner banner-error" role="alert">
          The event store is not available: {error}
        </div>
      ) : null}
      {streams?.length === 0 ? (
        <div className="empty-state">
          <History size={32} aria-hidden="true" />
          <h2>{prefix ? `No stream starts with “${prefix}”` : 'No events yet'}</h2>
          <p className="muted">Streams appear when a workflow, a command or the API appends events.</p>
        </div>
      ) : null}
      {streams && streams.length > 0 ? (
        <table className="table" aria-label="Event streams">
          <thead>
            <tr>
              <th scope="col">Stream</th>
              <th scope="col">Events</th>
              <th scope="col">Last event</th>
            </tr>
          </thead>
          <tbody>
            {streams.map((s) => (
              <tr key={`${s.type}/${s.id}`}>
                <td>
                  <Link to={streamPath(s.type, s.id)} className="row-link">
                    <code>
                      {s.type}/{s.id}
                    </code>
                  </Link>
                </td>
                <td>{s.version}</td>
                <td className="muted" title={new Date(s.lastEventAt).toLocaleString()}>
                  {formatWhen(s.lastEventAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {next ? (
        <button type="button" className="button" onClick={() => void load(next)} disabled={loading}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
