import { Radio, RefreshCw, Server } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { EmptyState } from '../ui/EmptyState.tsx';
import { ErrorBanner } from '../ui/ErrorBanner.tsx';
import { formatWhen } from '../ui/format.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { type LiveServer, liveEndpoints, roomsOf } from './live-endpoints.ts';
import './live.css';

/** How often the page asks again while it is open: connections come and go by the second. */
const REFRESH_MS = 3000;

/** Open WebSocket connections of every server, with their rooms; the first server is the one answering. */
export function LivePage() {
  const [servers, setServers] = useState<LiveServer[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  const refresh = useCallback(async (signal?: AbortSignal) => {
    try {
      setServers(await liveEndpoints.list(signal));
      setError(undefined);
    } catch (e) {
      if (!signal?.aborted) setError(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void refresh(controller.signal);
    const timer = setInterval(() => void refresh(controller.signal), REFRESH_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [refresh]);

  const total = servers?.reduce((sum, s) => sum + s.connections.length, 0) ?? 0;

  return (
    <div className="list-page live-page">
      <PageHeader
        title="Live"
        actions={
          <button type="button" className="button" onClick={() => void refresh()}>
            <RefreshCw size={14} aria-hidden="true" /> Refresh
          </button>
        }
      >
        WebSocket connections open on workflows’ <code>ws.route</code> endpoints, per server, and the rooms they are in.
      </PageHeader>
      <ErrorBanner error={error} />
      {servers === undefined && !error ? <p className="muted">Loading…</p> : null}
      {servers && total === 0 ? (
        <EmptyState icon={Radio} title="No open connections">
          Save a workflow with a <code>ws.route</code> node and connect to its path; the handbook’s “Real-time with WebSockets” has a chat room to
          start from.
        </EmptyState>
      ) : null}
      {servers?.map((server, i) =>
        server.connections.length === 0 ? null : (
          <section key={server.server} className="live-server" aria-label={`Server ${server.server}`}>
            <h2 className="live-server-title">
              <Server size={15} aria-hidden="true" />
              <span className="live-server-id">{server.server}</span>
              {i === 0 ? <span className="live-badge">this server</span> : null}
              <span className="muted">
                {server.connections.length} {server.connections.length === 1 ? 'connection' : 'connections'}
              </span>
            </h2>
            <div className="live-rooms">
              {roomsOf(server.connections).map(({ room, members }) => (
                <span key={room} className="live-room">
                  {room} <strong>{members}</strong>
                </span>
              ))}
            </div>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Connection</th>
                  <th scope="col">Workflow</th>
                  <th scope="col">Path</th>
                  <th scope="col">Client</th>
                  <th scope="col">Rooms</th>
                  <th scope="col">Opened</th>
                </tr>
              </thead>
              <tbody>
                {server.connections.map((connection) => (
                  <tr key={connection.id}>
                    <td>
                      <span className="live-dot" aria-hidden="true" />
                      <code>{connection.id}</code>
                    </td>
                    <td>
                      <Link to={`/workflows/${encodeURIComponent(connection.workflowId)}`}>{connection.workflowId}</Link>
                    </td>
                    <td>
                      <code>{connection.path}</code>
                    </td>
                    <td className="muted">{connection.address}</td>
                    <td>{connection.rooms.length ? connection.rooms.join(', ') : <span className="muted">none</span>}</td>
                    <td className="muted">{formatWhen(connection.openedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ),
      )}
    </div>
  );
}
