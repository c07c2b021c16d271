import { PatternError } from '../errors.ts';
import { assertJsonDepth } from './depth.ts';

/** JSON text a caller sent (a body, a query parameter), parsed; refused before parsing when it nests too deep, and with `invalid_json` naming the field when it is not JSON. */
export function parseJsonText(text: string, field: string): unknown {
  assertJsonDepth(text, field);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PatternError('invalid_json', `${field} is not valid JSON: ${(error as Error).message}`, { field });
  }
}
