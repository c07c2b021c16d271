import { Database } from 'lucide-react';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client.ts';

interface Collection {
  name: string;
  count?: number;
  indexes?: string[];
}

/** What the store holds, collection by collection. */
export function DataPage() {
  const [collections, setCollections] = useState<Collection[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    api<Collection[] | { collections: Collection[] }>('/api/store/collections').then(
      (body) => setCollections(Array.isArray(body) ? body : (body.collections ?? [])),
      (e) => setError(errorMessage(e)),
    );
  }, []);

  return (
    <div className="list-page">
      <header className="page-header">
        <div>
          <h1>Data</h1>
          <p className="muted">Collections and documents your workflows stored.</p>
        </div>
      </header>
      {error ? <div className="banner">The store is not available: {error}</div> : null}
      {collections?.length === 0 ? (
        <div className="empty-state">
          <Database size={32} aria-hidden="true" />
          <h2>No collections yet</h2>
          <p className="muted">A workflow with a store op creates one on its first write.</p>
        </div>
      ) : null}
      {collections && collections.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Collection</th>
              <th scope="col">Documents</th>
              <th scope="col">Indexed fields</th>
            </tr>
          </thead>
          <tbody>
            {collections.map((c) => (
              <tr key={c.name}>
                <td>
                  <code>{c.name}</code>
                </td>
                <td className="muted">{c.count ?? '—'}</td>
                <td className="muted">{c.indexes?.length ? c.indexes.join(', ') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
