/**
 * The one error type that crosses boundaries. `code` is stable and machine-readable;
 * `message` is one sentence a person understands; `details` says where and why.
 * Where an error crosses HTTP, the server maps its code to a status, so ops and services never think in HTTP.
 */
export class PatternError extends Error {
  readonly code: string;
  readonly details: unknown;

  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'PatternError';
    this.code = code;
    this.details = details;
  }

  toJSON(): ErrorBody {
    return { code: this.code, message: this.message, details: this.details ?? null };
  }
}

export interface ErrorBody {
  code: string;
  message: string;
  details: unknown;
}

export function isPatternError(error: unknown): error is PatternError {
  return error instanceof PatternError;
}

/** Turns anything thrown into the error body runs and APIs carry. */
export function toErrorBody(error: unknown): ErrorBody {
  if (isPatternError(error)) return error.toJSON();
  if (error instanceof Error) return { code: 'op_failed', message: error.message, details: null };
  return { code: 'op_failed', message: String(error), details: null };
}
