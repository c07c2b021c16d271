export function formatDuration(ms: number): string {
  // The micro sign is lower case on purpose: where CSS upper-cases a label holding a duration, it sets `text-transform: none` on it.
  if (ms < 1) {
    const us = ms * 1000;
    // Zero is what millisecond clocks report for a fast step: not measured, rather than instant.
    if (us <= 0) return '<1 ms';
    return us < 1 ? '<1 µs' : `${us < 10 ? us.toFixed(1) : Math.round(us)} µs`;
  }
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function previewValue(value: unknown, max: number): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatWhen(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  const seconds = (Date.now() - date.getTime()) / 1000;
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}
