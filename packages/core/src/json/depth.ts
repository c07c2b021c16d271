import { PatternError } from '../errors.ts';

/**
 * How deeply arrays and objects may nest in JSON that Pattern accepts: far beyond any real
 * document, far below what the recursive parts of the runtime (serializing, hashing, schema
 * checks) can take before the stack runs out.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * Refuses JSON text that nests deeper than `MAX_JSON_DEPTH`, before it is parsed. One pass over
 * the characters, with no allocation: cheap enough for every request body.
 */
export function assertJsonDepth(text: string, field: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new PatternError('bad_request', `${field} nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`, {
          field,
          maxDepth: MAX_JSON_DEPTH,
        });
      }
    } else if (ch === 125 /* } */ || ch === 93 /* ] */) depth--;
  }
}
