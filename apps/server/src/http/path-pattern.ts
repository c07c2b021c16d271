/**
 * A path as the router compares it: letter case, repeated slashes, a trailing slash and
 * percent-encoding make no difference, so no spelling of a path slips past a rule about it.
 */
export function normalizePath(path: string): string {
  // Only ASCII escapes matter (every reserved path is ASCII), and decoding them alone never fails on a broken escape.
  const decoded = path.includes('%') ? path.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : path;
  const lower = decoded.toLowerCase();
  const single = lower.includes('//') ? lower.replace(/\/{2,}/g, '/') : lower;
  const trimmed = single.length > 1 && single.endsWith('/') ? single.slice(0, -1) : single;
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

type Segment = { kind: 'literal'; text: string } | { kind: 'param' } | { kind: 'glob'; test: RegExp; source: string } | { kind: 'rest' };

/**
 * A rule over paths: literal segments, `:name` for any one segment, `*` inside a segment for any
 * text (`/favicon.*`), and a last segment `*` for the path itself and anything below it
 * (`/assets/*`). Hono route paths read the same way.
 */
export class PathPattern {
  readonly text: string;
  private readonly segments: Segment[];

  constructor(text: string) {
    this.text = text;
    this.segments = [];
    for (const part of routeSegments(text)) {
      const segment = parseSegment(part);
      this.segments.push(segment);
      if (segment.kind === 'rest') break;
    }
  }

  /** Whether some request path would match both this pattern and a workflow's route, given as `routeSegments('/hello/:name')`. */
  overlaps(wanted: readonly string[]): boolean {
    const rest = this.segments.at(-1)?.kind === 'rest';
    const fixed = rest ? this.segments.slice(0, -1) : this.segments;
    if (rest ? wanted.length < fixed.length : wanted.length !== fixed.length) return false;
    return fixed.every((segment, i) => segmentOverlaps(segment, wanted[i] as string));
  }

  /** What the first segment must be (`api` of `/api/*`; `` of `/`, which has none); undefined when a parameter or a last `*` stands there. */
  get first(): { literal: string } | { glob: RegExp } | undefined {
    const first = this.segments[0];
    if (first === undefined) return { literal: '' };
    if (first.kind === 'literal') return { literal: first.text };
    return first.kind === 'glob' ? { glob: first.test } : undefined;
  }

  /** A regular expression source matching the normalized paths this pattern covers. */
  get source(): string {
    if (this.segments.length === 0) return '/';
    return this.segments
      .map((segment) => {
        if (segment.kind === 'literal') return `/${escapeRegex(segment.text)}`;
        if (segment.kind === 'param') return '/[^/]+';
        if (segment.kind === 'glob') return `/${segment.source}`;
        return '(?:/.*)?';
      })
      .join('');
  }
}

/** The segments of a path once normalized: `/Hello//:name/` is `['hello', ':name']`. */
export function routeSegments(path: string): string[] {
  const normalized = normalizePath(path);
  return normalized === '/' ? [] : normalized.slice(1).split('/');
}

function parseSegment(part: string): Segment {
  if (part.startsWith(':')) return { kind: 'param' };
  if (part === '*') return { kind: 'rest' };
  if (part.includes('*')) {
    const source = part.split('*').map(escapeRegex).join('[^/]*');
    return { kind: 'glob', test: new RegExp(`^${source}$`), source };
  }
  return { kind: 'literal', text: part };
}

function segmentOverlaps(segment: Segment, wanted: string): boolean {
  if (wanted.startsWith(':') || segment.kind === 'param') return true;
  if (segment.kind === 'literal') return segment.text === wanted;
  return segment.kind === 'glob' && segment.test.test(wanted);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
