import { useReactFlow } from '@xyflow/react';
import { CircleCheck, TriangleAlert } from 'lucide-react';
import { useEditor } from './editor-store.ts';

/** The server's problems as a list; choosing one selects and centres its node. */
export function ProblemsPanel() {
  const problems = useEditor((s) => s.problems);
  const flow = useReactFlow();

  const focus = (nodeId: string | undefined) => {
    if (!nodeId) return;
    useEditor.getState().selectOnly(nodeId);
    const node = flow.getInternalNode(nodeId);
    if (node) {
      const width = node.measured.width ?? 200;
      const height = node.measured.height ?? 100;
      void flow.setCenter(node.internals.positionAbsolute.x + width / 2, node.internals.positionAbsolute.y + height / 2, {
        zoom: Math.max(flow.getZoom(), 1),
        duration: 300,
      });
    }
  };

  if (problems.length === 0) {
    return (
      <div className="panel-empty">
        <CircleCheck size={20} aria-hidden="true" />
        <p>No problems: the workflow is valid.</p>
      </div>
    );
  }
  return (
    <ul className="problem-list" aria-label="Problems">
      {problems.map((problem) => (
        <li key={`${problem.path}:${problem.code}:${problem.message}`}>
          <button type="button" className="problem-item" onClick={() => focus(problem.target)} disabled={!problem.target}>
            <TriangleAlert size={14} aria-hidden="true" />
            <span>
              <span className="problem-message">{problem.message}</span>
              <span className="problem-path">
                {problem.target ? `${problem.target}${problem.targetPort ? `.${problem.targetPort}` : ''} · ` : ''}
                {problem.path}
              </span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
