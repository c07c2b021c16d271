/**
 * The one error type that crosses boundaries. `code` is stable and machine-readable;
 * `message` is one sentence a person understands; `details` says where and why.
 * The server maps codes to HTTP statuses, so ops and services never think in HTTP.
 */
export class PatternError extends Error {
  readonly code: string;
  readonly details: unknown;
  /** An explicit HTTP status for codes the server does not know. */
  readonly status: number | undefined;

  constructor(code: string, message: string, details?: unknown, status?: number) {
    super(message);
    this.name = 'PatternError';
    this.code = code;
    this.details = details;
    this.status = status;
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

/**
 * The HTTP status a code maps to wherever an error crosses HTTP. Codes not listed here are
 * faults of the server (500) unless the error carries its own `status`.
 */
const STATUS_BY_CODE: Record<string, number> = {
  bad_request: 400,
  invalid_json: 400,
  invalid_input: 400,
  too_deep: 400,
  unindexed_field: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  read_only: 409,
  idempotency_conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  integrity_failed: 422,
  rate_limited: 429,
  unavailable: 503,
};

export function httpStatusOf(error: unknown): number {
  if (!isPatternError(error)) return 500;
  return error.status ?? STATUS_BY_CODE[error.code] ?? 500;
}
