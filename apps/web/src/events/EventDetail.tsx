import { ExternalLink } from 'lucide-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { eventEndpoints, type StoredEvent } from '../api/events.ts';
import { ValueView } from '../ui/ValueView.tsx';
import { correlationPath, eventPath } from './event-links.ts';

/** The event that caused this one may live in another stream: found by id when followed. */
function CausationLink({ id }: { id: string }) {
  const navigate = useNavigate();
  const [error, setError] = useState<string | undefined>();
  return (
    <>
      <button
        type="button"
        className="link-button"
        onClick={async () => {
          try {
            navigate(eventPath(await eventEndpoints.event(id)));
          } catch (e) {
            setError(errorMessage(e));
          }
        }}
      >
        <code>{id}</code>
      </button>
      {error ? <span className="field-problem"> {error}</span> : null}
    </>
  );
}

/** One event in full: payload, metadata, and where it came from. */
export function EventDetail({ event }: { event: StoredEvent }) {
  const { runId, nodeId, correlationId, causationId, createdBy, ...rest } = event.metadata;
  return (
    <section className="event-detail" aria-label={`Event ${event.type} version ${event.version}`}>
      <h3>
        {event.type} <span className="muted">v{event.version}</span>
      </h3>
      <dl className="event-facts">
        <dt>Id</dt>
        <dd>
          <code>{event.id}</code>
        </dd>
        <dt>Position</dt>
        <dd>{event.position}</dd>
        <dt>Created</dt>
        <dd>{new Date(event.created).toLocaleString()}</dd>
        <dt>Schema version</dt>
        <dd>{event.schemaVersion}</dd>
        {createdBy ? (
          <>
            <dt>Created by</dt>
            <dd>{createdBy}</dd>
          </>
        ) : null}
        {runId ? (
          <>
            <dt>Run</dt>
            <dd>
              <Link to={`/runs/${encodeURIComponent(runId)}`}>
                <code>{runId}</code>
                <ExternalLink size={12} aria-hidden="true" />
              </Link>
              {nodeId ? <span className="muted"> · node {nodeId}</span> : null}
            </dd>
          </>
        ) : null}
        {correlationId ? (
          <>
            <dt>Correlation</dt>
            <dd>
              <Link to={correlationPath(correlationId)} aria-label={`Events of correlation ${correlationId}`}>
                <code>{correlationId}</code>
              </Link>
            </dd>
          </>
        ) : null}
        {causationId ? (
          <>
            <dt>Caused by</dt>
            <dd>
              <CausationLink id={causationId} />
            </dd>
          </>
        ) : null}
      </dl>
      <h4>Payload</h4>
      <ValueView value={event.payload} label="payload" />
      {Object.keys(rest).length > 0 ? (
        <>
          <h4>Other metadata</h4>
          <ValueView value={rest} label="metadata" />
        </>
      ) : null}
    </section>
  );
}
