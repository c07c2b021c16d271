import { useReactFlow } from '@xyflow/react';
import { ArrowLeft, CopyPlus, Eye, GitCompare } from 'lucide-react';
import { useEffect } from 'react';
import { sideLabel } from './DiffList.tsx';
import { useVersions } from './version-store.ts';

/**
 * Says, over the canvas, when it shows a published version or a diff instead of the draft, with
 * the way back. Also keeps the versions of the open workflow loaded.
 */
export function VersionViewBanner({ workflowId }: { workflowId: string }) {
  const view = useVersions((s) => s.view);
  const flow = useReactFlow();

  useEffect(() => {
    void useVersions.getState().load(workflowId);
    return () => useVersions.getState().reset();
  }, [workflowId]);

  if (view.kind === 'draft') return null;
  const back = () => {
    useVersions.getState().backToDraft();
    requestAnimationFrame(() => void flow.fitView({ padding: 0.2, maxZoom: 1, duration: 200 }));
  };
  return (
    <div className="version-view-banner" role="status" data-testid="version-view">
      {view.kind === 'version' ? (
        <>
          <Eye size={14} aria-hidden="true" />
          <span>
            Viewing <strong>version {view.version}</strong>, read-only
          </span>
          <button type="button" className="button" onClick={() => void useVersions.getState().copyToDraft(view.version)}>
            <CopyPlus size={14} aria-hidden="true" /> Copy to draft
          </button>
        </>
      ) : (
        <>
          <GitCompare size={14} aria-hidden="true" />
          <span>
            Changes from <strong>{sideLabel(view.from)}</strong> to <strong>{sideLabel(view.to)}</strong>, read-only
          </span>
        </>
      )}
      <button type="button" className="button primary" onClick={back}>
        <ArrowLeft size={14} aria-hidden="true" /> Back to draft
      </button>
    </div>
  );
}
