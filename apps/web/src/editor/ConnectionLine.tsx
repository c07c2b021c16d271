import { type ConnectionLineComponentProps, getBezierPath } from '@xyflow/react';
import { refuseReason } from './connection-check.ts';
import { currentGraph } from './graph-view.ts';

/** The line drawn while connecting; over a handle that refuses, it says why, next to the pointer. */
export function ConnectionLine({
  fromX,
  fromY,
  toX,
  toY,
  fromPosition,
  toPosition,
  fromHandle,
  fromNode,
  toHandle,
  toNode,
}: ConnectionLineComponentProps) {
  const [path] = getBezierPath({
    sourceX: fromX,
    sourceY: fromY,
    sourcePosition: fromPosition,
    targetX: toX,
    targetY: toY,
    targetPosition: toPosition,
  });
  let reason: string | null = null;
  if (toHandle && toNode) {
    const fromIsSource = fromHandle.type === 'source';
    reason = refuseReason(
      currentGraph(),
      fromIsSource
        ? { source: fromNode.id, sourceHandle: fromHandle.id ?? null, target: toNode.id, targetHandle: toHandle.id ?? null }
        : { source: toNode.id, sourceHandle: toHandle.id ?? null, target: fromNode.id, targetHandle: fromHandle.id ?? null },
    );
  }
  return (
    <g className={reason ? 'connection-line is-refused' : 'connection-line'}>
      <path d={path} fill="none" />
      {reason ? (
        <foreignObject x={toX + 14} y={toY + 10} width={280} height={80} className="connection-reason-box">
          <div className="connection-reason" role="alert">
            {reason}
          </div>
        </foreignObject>
      ) : null}
    </g>
  );
}
