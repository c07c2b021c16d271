import { ArrowLeft } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { eventEndpoints, type StoredEvent } from '../api/events.ts';
import { formatWhen } from '../ui/format.ts';
import { eventPath, streamPath } from './event-links.ts';

const PAGE = 100;

/** Every event that shares one correlation id, across streams, in the order they were written. */
export function CorrelatedEvents({ correlationId }: { correlationId: string }) {
  const [events, setEvents] = useState<StoredEvent[] | undefined>();
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (after?: number) => {
      setLoading(true);
      try {
        const page = await eventEndpoints.correlated(correlationId, { limit: PAGE, ...(after !== undefined ? { after } : {}) });
        setEvents((current) => (after !== undefined ? [...(current ?? []), ...page.events] : page.events));
        setNext(page.next);
        setError(undefined);
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setLoading(false);
      }
    },
    [correlationId],
  );

  useEffect(() => void load(), [load]);

  return (
    <section className="events-section" aria-label="Correlated events">
      <div className="stream-header">
        <Link to="/data/events" className="icon-button" aria-label="Back to streams">
          <ArrowLeft size={16} aria-hidden="true" />
        </Link>
        <h2>
          Correlation <code>{correlationId}</code>
        </h2>
      </div>
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      {events?.length === 0 ? <p className="muted">No event carries this correlation id.</p> : null}
      {events && events.length > 0 ? (
        <table className="table" aria-label="Events of the correlation">
          <thead>
            <tr>
              <th scope="col">Position</th>
              <th scope="col">Type</th>
              <th scope="col">Stream</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id}>
                <td className="muted">{event.position}</td>
                <td>
                  <Link to={eventPath(event)} className="row-link">
                    {event.type}
                  </Link>
                </td>
                <td>
                  <Link to={streamPath(event.aggregateType, event.aggregateId)}>
                    <code>
                      {event.aggregateType}/{event.aggregateId}
                    </code>
                  </Link>{' '}
                  <span className="muted">v{event.version}</span>
                </td>
                <td className="muted">{formatWhen(event.created)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {next !== null ? (
        <button type="button" className="button" onClick={() => void load(next)} disabled={loading}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
