import { EyeOff } from 'lucide-react';

const WHY: Record<'errors' | 'none', string> = {
  errors: 'This workflow keeps full traces only for runs that fail or are cancelled; of a successful run it keeps who ran it, when and how it ended.',
  none: 'This workflow keeps no successful runs, and of a failed or cancelled one only who ran it, when and how it ended.',
};

/** In place of a run's graph, timings and values when its workflow's `history` setting kept only the summary. */
export function TracesNotKept({ history }: { history: 'errors' | 'none' }) {
  return (
    <section className="empty-state traces-not-kept" data-testid="traces-not-kept">
      <EyeOff size={22} aria-hidden="true" />
      <h2>
        Traces not kept (history: <code>{history}</code>)
      </h2>
      <p>{WHY[history]} Its node traces, input and output were not stored. Change this in the workflow's settings.</p>
    </section>
  );
}
