/** An inclusive byte range, as in `Content-Range`. */
export interface ByteRange {
  start: number;
  end: number;
}

/** What to send for a `Range` header: the whole body, one range (206), or 416. */
export type RangeAnswer = { kind: 'whole' } | { kind: 'part'; range: ByteRange } | { kind: 'unsatisfiable' };

/** More ranges than this in one header are not worth sorting out: the whole body is sent. */
const MAX_RANGES = 100;

/**
 * Reads `Range: bytes=...` (RFC 9110 §14.1.2) against a body of `size` bytes. A header that does
 * not parse is ignored (the whole body), as the RFC says. Ranges that overlap or touch are
 * merged; when what is left is one range it is sent as a 206, and when it is several the whole
 * body is sent (200), which the RFC allows and every client understands, instead of a multipart
 * answer. No satisfiable range at all is a 416.
 */
export function answerRange(header: string | undefined, size: number): RangeAnswer {
  const specs = header === undefined ? undefined : parseRangeHeader(header);
  if (specs === undefined || specs.length > MAX_RANGES) return { kind: 'whole' };
  const satisfiable = specs.flatMap((spec) => resolve(spec, size) ?? []).sort((a, b) => a.start - b.start);
  const first = satisfiable[0];
  if (!first) return { kind: 'unsatisfiable' };
  const merged: ByteRange = { ...first };
  for (const range of satisfiable.slice(1)) {
    if (range.start > merged.end + 1) return { kind: 'whole' };
    merged.end = Math.max(merged.end, range.end);
  }
  return { kind: 'part', range: merged };
}

type RangeSpec = { first: number; last: number | undefined } | { suffix: number };

function parseRangeHeader(header: string): RangeSpec[] | undefined {
  const match = /^bytes[ \t]*=(.*)$/i.exec(header.trim());
  if (!match?.[1]) return undefined;
  const specs: RangeSpec[] = [];
  for (const part of match[1].split(',')) {
    const text = part.trim();
    // Empty list elements are allowed and skipped (RFC 9110 §5.6.1).
    if (text === '') continue;
    const spec = /^(\d*)-(\d*)$/.exec(text);
    if (!spec || (spec[1] === '' && spec[2] === '')) return undefined;
    if (spec[1] === '') specs.push({ suffix: Number(spec[2]) });
    else {
      const first = Number(spec[1]);
      const last = spec[2] === '' ? undefined : Number(spec[2]);
      if (last !== undefined && last < first) return undefined;
      specs.push({ first, last });
    }
  }
  return specs.length > 0 ? specs : undefined;
}

function resolve(spec: RangeSpec, size: number): ByteRange | undefined {
  if ('suffix' in spec) {
    if (spec.suffix === 0 || size === 0) return undefined;
    return { start: Math.max(0, size - spec.suffix), end: size - 1 };
  }
  if (spec.first >= size) return undefined;
  return { start: spec.first, end: Math.min(spec.last ?? size - 1, size - 1) };
}
