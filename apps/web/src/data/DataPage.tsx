import { Boxes, Database, FileBox, History, Lock } from 'lucide-react';
import { Link, useSearchParams } from 'react-router';
import { BlobsView } from './BlobsView.tsx';
import { CollectionsView } from './CollectionsView.tsx';
import { DocumentsView } from './DocumentsView.tsx';
import { LeasesView } from './LeasesView.tsx';
import './data.css';

const TABS = [
  { id: 'collections', label: 'Collections', icon: Boxes },
  { id: 'blobs', label: 'Blobs', icon: FileBox },
  { id: 'leases', label: 'Leases', icon: Lock },
] as const;

type Tab = (typeof TABS)[number]['id'];

/** What the store holds: collections and their documents, blobs, leases. The URL says which view, so every view can be linked. */
export function DataPage() {
  const [params] = useSearchParams();
  const collection = params.get('collection');
  const tab: Tab = collection ? 'collections' : ((TABS.find((t) => t.id === params.get('tab'))?.id ?? 'collections') as Tab);
  return (
    <div className="list-page data-page">
      <header className="page-header">
        <div>
          <h1>
            <Database size={20} aria-hidden="true" className="heading-icon" />
            Data
          </h1>
          <p className="muted">What your workflows stored: documents, blobs and the leases runs hold.</p>
        </div>
      </header>
      <nav className="tabs data-tabs" aria-label="Store">
        {TABS.map(({ id, label, icon: Icon }) => (
          <Link
            key={id}
            to={id === 'collections' ? '/data' : `/data?tab=${id}`}
            className={tab === id ? 'tab is-active' : 'tab'}
            aria-current={tab === id ? 'page' : undefined}
          >
            <Icon size={15} aria-hidden="true" />
            {label}
          </Link>
        ))}
        <Link to="/data/events" className="tab">
          <History size={15} aria-hidden="true" />
          Events
        </Link>
      </nav>
      {collection ? (
        <DocumentsView key={collection} collection={collection} />
      ) : tab === 'blobs' ? (
        <BlobsView />
      ) : tab === 'leases' ? (
        <LeasesView />
      ) : (
        <CollectionsView />
      )}
    </div>
  );
}
