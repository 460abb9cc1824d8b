const DEFAULT_BODY_LIMIT = 1024 * 1024;
/**
 * The outer limit on every /api/ request, checked before anything reads the body: batches of
 * up to 1,000 tickets fit comfortably. The JSON API's ordinary calls have their own, smaller one.
 */
export const API_REQUEST_BODY_LIMIT = 5 * 1024 * 1024;

/** CSV uploads of tickets stream to the database, so they may be large. */
export const IMPORT_UPLOAD_LIMIT = 200 * 1024 * 1024;
const IMPORT_UPLOAD_PATH = "/admin/imports";

/** The limit for a request path, with the message a refused request gets. */
export function bodyLimitFor(path: string): { limit: number; message: string } {
  if (path.startsWith("/api/")) return { limit: API_REQUEST_BODY_LIMIT, message: "Request body too large." };
  if (path === IMPORT_UPLOAD_PATH || path === `${IMPORT_UPLOAD_PATH}/`) {
    return {
      limit: IMPORT_UPLOAD_LIMIT,
      message: "The file is larger than 200 MiB: split it and import the parts one by one.",
    };
  }
  return { limit: DEFAULT_BODY_LIMIT, message: "Request body too large." };
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export type BodyCheck = { ok: true } | { ok: false; status: 411 | 413 };

/**
 * Refuses bodies over the limit before anything reads them: forms and JSON are small,
 * and a huge upload must not be buffered in memory. A body without a declared length
 * (chunked) is refused too, since its size cannot be known in advance.
 */
export function checkBodySize(input: {
  method: string;
  contentLength: string | undefined;
  transferEncoding: string | undefined;
  limit?: number;
}): BodyCheck {
  if (!BODY_METHODS.has(input.method.toUpperCase())) return { ok: true };
  const limit = input.limit ?? DEFAULT_BODY_LIMIT;
  if (input.contentLength === undefined) {
    return input.transferEncoding ? { ok: false, status: 411 } : { ok: true };
  }
  const length = Number(input.contentLength);
  if (!Number.isFinite(length) || length < 0) return { ok: false, status: 411 };
  return length > limit ? { ok: false, status: 413 } : { ok: true };
}
