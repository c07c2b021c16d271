import { CREDENTIAL_HEADERS } from '@pattern/core';

/** The values of credential headers among these, whatever the case of their names: the run records them as `[redacted]`. */
export function sensitiveValues(headers: Record<string, string> | undefined): string[] {
  return Object.entries(headers ?? {})
    .filter(([name, value]) => CREDENTIAL_HEADERS.has(name.toLowerCase()) && value !== '')
    .map(([, value]) => value);
}
