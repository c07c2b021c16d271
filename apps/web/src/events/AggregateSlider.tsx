import { useEffect, useId, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.ts';
import { type AggregateState, eventEndpoints } from '../api/events.ts';
import { ValueView } from '../ui/ValueView.tsx';

/** The aggregate's state at any version of its stream, chosen with a slider (the newest by default). */
export function AggregateSlider({ type, id, version }: { type: string; id: string; version: number }) {
  const sliderId = useId();
  const [asOf, setAsOf] = useState(version);
  const [loaded, setLoaded] = useState<AggregateState | undefined>();
  const [problem, setProblem] = useState<{ message: string; undefinedType: boolean } | undefined>();

  useEffect(() => setAsOf(version), [version]);

  useEffect(() => {
    const controller = { cancelled: false };
    // Dragging the slider asks for many versions: only the one it rests on is fetched.
    const timer = setTimeout(async () => {
      try {
        const state = await eventEndpoints.aggregate(type, id, asOf);
        if (!controller.cancelled) {
          setLoaded(state);
          setProblem(undefined);
        }
      } catch (e) {
        if (controller.cancelled) return;
        const undefinedType = e instanceof ApiError && e.status === 404 && (e.details as { field?: string } | null)?.field === 'type';
        setProblem({ message: errorMessage(e), undefinedType });
      }
    }, 120);
    return () => {
      controller.cancelled = true;
      clearTimeout(timer);
    };
  }, [type, id, asOf]);

  if (problem?.undefinedType) {
    return (
      <section className="aggregate-state" aria-label="Aggregate state">
        <h3>State</h3>
        <p className="muted small">No aggregate is defined for “{type}”: its events are kept, but no mod folds them into a state.</p>
      </section>
    );
  }
  return (
    <section className="aggregate-state" aria-label="Aggregate state">
      <h3>
        State at version <span data-testid="as-of-version">{asOf}</span>
        {asOf === version ? <span className="muted small"> (now)</span> : null}
      </h3>
      <div className="version-slider">
        <label htmlFor={sliderId} className="visually-hidden">
          Aggregate version
        </label>
        <span className="muted small">1</span>
        <input
          id={sliderId}
          type="range"
          min={1}
          max={version}
          step={1}
          value={asOf}
          disabled={version <= 1}
          onChange={(e) => setAsOf(Number(e.target.value))}
          aria-valuetext={`version ${asOf} of ${version}`}
        />
        <span className="muted small">{version}</span>
      </div>
      {problem ? (
        <div className="run-error" role="alert">
          {problem.message}
        </div>
      ) : null}
      {loaded && loaded.version === asOf ? <ValueView value={loaded.state} label="state" /> : <p className="muted small">Loading…</p>}
    </section>
  );
}
