import { ArrowLeft } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { eventEndpoints, type StoredEvent } from '../api/events.ts';
import { formatWhen } from '../ui/format.ts';
import { AggregateSlider } from './AggregateSlider.tsx';
import { EventDetail } from './EventDetail.tsx';
import { eventPath } from './event-links.ts';

const PAGE = 100;

/** One stream: its events in order, the chosen event in full, and the aggregate's state at any version. */
export function StreamView({ type, id }: { type: string; id: string }) {
  const [params] = useSearchParams();
  const selectedId = params.get('event');
  const [events, setEvents] = useState<StoredEvent[]>([]);
  const [version, setVersion] = useState<number | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);

  const load = useCallback(
    async (from?: number) => {
      setLoading(true);
      try {
        const page = await eventEndpoints.stream(type, id, { limit: PAGE, ...(from ? { from } : {}) });
        setEvents((current) => (from ? [...current, ...page.events] : page.events));
        setVersion(page.version);
        setError(undefined);
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setLoading(false);
      }
    },
    [type, id],
  );

  useEffect(() => void load(), [load]);

  const selected = events.find((e) => e.id === selectedId);
  const last = events[events.length - 1];
  const more = version !== undefined && last !== undefined && last.version < version;

  return (
    <section className="events-section" aria-label={`Stream ${type}/${id}`}>
      <div className="stream-header">
        <Link to="/data/events" className="icon-button" aria-label="Back to streams">
          <ArrowLeft size={16} aria-hidden="true" />
        </Link>
        <h2>
          <code>
            {type}/{id}
          </code>
        </h2>
        {version !== undefined ? (
          <span className="muted">
            {version} event{version === 1 ? '' : 's'}
          </span>
        ) : null}
      </div>
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="stream-layout">
        <div>
          <table className="table stream-events" aria-label="Events">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Type</th>
                <th scope="col">Position</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} className={event.id === selectedId ? 'is-selected' : undefined} data-version={event.version}>
                  <td>{event.version}</td>
                  <td>
                    <Link to={eventPath(event)} replace className="row-link" aria-current={event.id === selectedId ? 'true' : undefined}>
                      {event.type}
                    </Link>
                  </td>
                  <td className="muted">{event.position}</td>
                  <td className="muted" title={new Date(event.created).toLocaleString()}>
                    {formatWhen(event.created)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {more ? (
            <button type="button" className="button" onClick={() => void load(last.version + 1)} disabled={loading}>
              Load more
            </button>
          ) : null}
        </div>
        <div className="stream-side">
          {selected ? <EventDetail event={selected} /> : selectedId && !loading ? <p className="muted">That event is not in this stream.</p> : null}
          {version !== undefined && version > 0 ? <AggregateSlider type={type} id={id} version={version} /> : null}
        </div>
      </div>
    </section>
  );
}
