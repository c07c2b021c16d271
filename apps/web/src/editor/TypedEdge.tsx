import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from '@xyflow/react';
import { useState } from 'react';

export interface TypedEdgeData extends Record<string, unknown> {
  /** What the edge carries, from its source port: `string`, `number | null`, `control pulse`. */
  typeLabel?: string;
}

/** An edge that names the type it carries while it is hovered or selected. */
export function TypedEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  selected,
  data,
  markerEnd,
  style,
  interactionWidth,
}: EdgeProps) {
  const [hovered, setHovered] = useState(false);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const label = (data as TypedEdgeData | undefined)?.typeLabel;
  return (
    <>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: hover only reveals the type; the edge itself is focusable through React Flow */}
      <g onMouseEnter={() => setHovered(true)} onMouseLeave={() => setHovered(false)}>
        <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} interactionWidth={interactionWidth} />
      </g>
      {label && (hovered || selected) ? (
        <EdgeLabelRenderer>
          <div className="edge-type" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }} data-edge-type={id}>
            {label}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}
