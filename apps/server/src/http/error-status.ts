import { isPatternError } from '@pattern/core';

/**
 * The HTTP status of each error code, wherever an error crosses HTTP. A code not listed here is a
 * fault of the server (500): an op or a mod that refuses a caller uses one of these codes.
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
  not_resumable: 409,
  too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  integrity_failed: 422,
  domain_error: 422,
  rate_limited: 429,
  unavailable: 503,
};

export function httpStatusOf(error: unknown): number {
  if (!isPatternError(error)) return 500;
  return STATUS_BY_CODE[error.code] ?? 500;
}
