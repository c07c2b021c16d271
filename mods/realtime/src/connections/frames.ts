/** An error told to the client in a text frame of its own, in the shape of every error of Pattern. */
export function errorFrame(code: string, message: string, details: unknown = null): string {
  return JSON.stringify({ error: { code, message, details } });
}

/** What a workflow hands `ws.send` or `ws.broadcast` goes out as it is when it is text, else as JSON. */
export function frameOf(data: unknown): string {
  return typeof data === 'string' ? data : (JSON.stringify(data ?? null) ?? 'null');
}

/** A text message is JSON when it parses as JSON, else the text itself. */
export function parseMessage(text: string): unknown {
  const first = text.charCodeAt(0);
  // Only text that can start a JSON value is tried: most chat lines are not.
  if (
    !(
      first === 123 ||
      first === 91 ||
      first === 34 ||
      first === 45 ||
      (first >= 48 && first <= 57) ||
      text === 'true' ||
      text === 'false' ||
      text === 'null'
    )
  )
    return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
