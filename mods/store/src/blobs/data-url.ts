import { PatternError } from '@pattern/core';
import { parseMediaType } from './media-type.ts';

/**
 * `data:[<mediatype>][;base64],<data>` (RFC 2397), from the very first character: text that only
 * has a data URL somewhere after a space is text. A mediatype left out is
 * `text/plain;charset=US-ASCII`, and one that is only parameters is `text/plain` with them.
 */
export interface DataUrl {
  mime: string;
  bytes: Buffer;
}

const SCHEME = /^data:/i;

export function isDataUrl(text: string): boolean {
  return SCHEME.test(text);
}

/** The data URL's type and bytes; a malformed one is `bad_request` on `data`, never text by accident. */
export function parseDataUrl(text: string): DataUrl {
  const comma = text.indexOf(',');
  if (!SCHEME.test(text) || comma === -1) throw invalid('it has no "," before its data');
  let header = text.slice('data:'.length, comma);
  const base64 = /;base64$/i.test(header);
  if (base64) header = header.slice(0, -';base64'.length);
  const mime = header === '' ? 'text/plain;charset=US-ASCII' : header.startsWith(';') ? `text/plain${header}` : header;
  if (!parseMediaType(mime)) throw invalid(`"${header.slice(0, 80)}" is not a media type`);
  const body = percentDecode(text.slice(comma + 1));
  return { mime, bytes: base64 ? decodeBase64(body.toString('latin1')) : body };
}

/** Percent-escapes become their bytes, everything else its UTF-8; a `%` must start an escape. */
function percentDecode(text: string): Buffer {
  const parts: Buffer[] = [];
  let plain = 0;
  for (let i = text.indexOf('%'); i !== -1; i = text.indexOf('%', plain)) {
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw invalid(`"%${hex}" is not a percent-escape like %2C`);
    parts.push(Buffer.from(text.slice(plain, i), 'utf8'), Buffer.from([Number.parseInt(hex, 16)]));
    plain = i + 3;
  }
  parts.push(Buffer.from(text.slice(plain), 'utf8'));
  return Buffer.concat(parts);
}

/** Base64 as browsers read data URLs (forgiving-base64): whitespace skipped, padding optional, any other character refused. */
function decodeBase64(text: string): Buffer {
  let digits = text.replace(/[\t\n\f\r ]/g, '');
  if (digits.length % 4 === 0) digits = digits.replace(/={1,2}$/, '');
  if (digits.length % 4 === 1 || !/^[A-Za-z0-9+/]*$/.test(digits)) throw invalid('its data is not base64');
  return Buffer.from(digits, 'base64');
}

function invalid(reason: string): PatternError {
  return new PatternError(
    'bad_request',
    `data: a text starting with "data:" is read as a data URL, data:[<mediatype>][;base64],<data>, and ${reason}`,
    {
      field: 'data',
    },
  );
}
