import { PatternError } from '@pattern/core';

/**
 * A blob's file name: what a download is saved as. It ends up in a `Content-Disposition` header
 * and in the names of files on other people's disks, so it is one path segment of visible text:
 * no control characters (CR, LF, NUL, tab...), no line or paragraph separators, no bidirectional
 * overrides (which make `gnp.exe` read as `exe.png`), no `/` or `\`, not `.` or `..`, and no lone
 * surrogates (which have no UTF-8 form to send).
 */
export const MAX_FILENAME_LENGTH = 255;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what a file name may not hold
const REFUSED_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069/\\]/u;

/** The name as given when it is a valid one, else `bad_request` naming `field`. */
export function checkFilename(name: string, field: string): string {
  const problem = filenameProblem(name);
  if (problem === undefined) return name;
  throw new PatternError('bad_request', `${field}: ${problem}`, { field });
}

function filenameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a file name cannot be empty';
  if (name.length > MAX_FILENAME_LENGTH) return `a file name has at most ${MAX_FILENAME_LENGTH} characters`;
  if (!name.isWellFormed()) return 'a file name cannot hold a lone surrogate';
  if (name === '.' || name === '..') return `"${name}" is not a file name`;
  const refused = REFUSED_CHARACTERS.exec(name)?.[0];
  if (refused !== undefined) {
    const shown = `U+${(refused.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    return `a file name is one path segment of visible text: ${shown} is not allowed`;
  }
  return undefined;
}

/** RFC 5987 `attr-char`: what `filename*` carries unencoded. */
const ATTR_CHAR = /[A-Za-z0-9!#$&+.^_`|~-]/;

function percentEncoded(name: string): string {
  let encoded = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const char = String.fromCharCode(byte);
    encoded += byte < 0x80 && ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/**
 * `attachment; filename="…"` (RFC 6266): the quoted name in printable ASCII, with every other
 * character, `"` and `\` as `_` (quoted-pair is read differently by different browsers), and the
 * exact name as `filename*=UTF-8''…` (RFC 5987) whenever the two differ.
 */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/gu, '_');
  const header = `attachment; filename="${ascii}"`;
  return ascii === name ? header : `${header}; filename*=UTF-8''${percentEncoded(name)}`;
}
