import { Boxes, Database, FileBox, History, Lock } from 'lucide-react';
import { Link, useParams, useSearchParams } from 'react-router';
import { CorrelatedEvents } from './CorrelatedEvents.tsx';
import { FollowersPanel } from './FollowersPanel.tsx';
import { StreamsList } from './StreamsList.tsx';
import { StreamView } from './StreamView.tsx';
import './events.css';

const DATA_TABS = [
  { to: '/data', label: 'Collections', icon: Boxes },
  { to: '/data?tab=blobs', label: 'Blobs', icon: FileBox },
  { to: '/data?tab=leases', label: 'Leases', icon: Lock },
];

/**
 * The event store in the data browser: what follows the log (triggers, projections), streams by
 * prefix, a stream's events with their payload and metadata, the aggregate's state at any
 * version, and the events of one correlation.
 */
export function EventsPage() {
  const { type, id } = useParams();
  const [params] = useSearchParams();
  const correlation = params.get('correlation');
  return (
    <div className="list-page data-page events-page">
      <header className="page-header">
        <div>
          <h1>
            <Database size={20} aria-hidden="true" className="heading-icon" />
            Data
          </h1>
          <p className="muted">Event streams: what happened, in order, and the state it adds up to.</p>
        </div>
      </header>
      <nav className="tabs data-tabs" aria-label="Store">
        {DATA_TABS.map(({ to, label, icon: Icon }) => (
          <Link key={to} to={to} className="tab">
            <Icon size={15} aria-hidden="true" />
            {label}
          </Link>
        ))}
        <Link to="/data/events" className="tab is-active" aria-current="page">
          <History size={15} aria-hidden="true" />
          Events
        </Link>
      </nav>
      {type && id ? (
        <StreamView key={`${type}/${id}`} type={type} id={id} />
      ) : correlation ? (
        <CorrelatedEvents key={correlation} correlationId={correlation} />
      ) : (
        <>
          <FollowersPanel />
          <StreamsList />
        </>
      )}
    </div>
  );
}
