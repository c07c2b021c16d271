import { FileJson } from 'lucide-react';
import { useEditor } from './editor-store.ts';

/** For a workflow that serves a route: where its contract is documented, beside Pattern's own API. */
export function ApiReferenceLink() {
  const serves = useEditor((s) => s.nodes.some((node) => node.data.op === 'http.request'));
  if (!serves) return null;
  return (
    <a className="icon-button" href="/docs/api" target="_blank" rel="noreferrer" aria-label="API reference" title="API reference (OpenAPI)">
      <FileJson size={16} aria-hidden="true" />
    </a>
  );
}
