import { useReactFlow } from '@xyflow/react';
import { CircleAlert, CircleCheck, TriangleAlert } from 'lucide-react';
import { useEditor } from './editor-store.ts';
import type { LocatedProblem } from './problems.ts';
import './problems.css';

function ProblemItem({ problem, warning, onFocus }: { problem: LocatedProblem; warning: boolean; onFocus(nodeId: string | undefined): void }) {
  const Icon = warning ? CircleAlert : TriangleAlert;
  return (
    <li>
      <button
        type="button"
        className={warning ? 'problem-item is-warning' : 'problem-item'}
        onClick={() => onFocus(problem.target)}
        disabled={!problem.target}
        data-severity={warning ? 'warning' : 'error'}
      >
        <Icon size={14} aria-label={warning ? 'Warning' : 'Problem'} />
        <span>
          <span className="problem-message">{problem.message}</span>
          <span className="problem-path">
            {problem.target ? `${problem.target}${problem.targetPort ? `.${problem.targetPort}` : ''} · ` : ''}
            {problem.path}
          </span>
        </span>
      </button>
    </li>
  );
}

/** The server's problems, then its warnings, as lists; choosing one selects and centres its node. */
export function ProblemsPanel() {
  const problems = useEditor((s) => s.problems);
  const warnings = useEditor((s) => s.warnings);
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

  if (problems.length === 0 && warnings.length === 0) {
    return (
      <div className="panel-empty">
        <CircleCheck size={20} aria-hidden="true" />
        <p>No problems: the workflow is valid.</p>
      </div>
    );
  }
  const key = (problem: LocatedProblem) => `${problem.path}:${problem.code}:${problem.message}`;
  return (
    <div>
      {problems.length > 0 ? (
        <>
          <h3 className="problem-group-title" id="problems-title">
            Problems ({problems.length})
          </h3>
          <ul className="problem-list" aria-labelledby="problems-title">
            {problems.map((problem) => (
              <ProblemItem key={key(problem)} problem={problem} warning={false} onFocus={focus} />
            ))}
          </ul>
        </>
      ) : null}
      {warnings.length > 0 ? (
        <>
          <h3 className="problem-group-title" id="warnings-title">
            Warnings ({warnings.length}) <span className="muted">· they never stop the workflow from running</span>
          </h3>
          <ul className="problem-list" aria-labelledby="warnings-title">
            {warnings.map((warning) => (
              <ProblemItem key={key(warning)} problem={warning} warning onFocus={focus} />
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
