/*
 * What a failed query means, from the SQLSTATE code PostgreSQL gives (both drivers carry it
 * on the error or on its cause) and the connection error codes of Node and postgres.js.
 */

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/**
 * The database refused a value (class 22, data exception: NUL, out of range, impossible date)
 * or a constraint (class 23). The same input fails again: it is bad input, not an outage.
 */
export function isDataError(error: unknown): boolean {
  return codesOf(error).some((code) => /^2[23][0-9A-Z]{3}$/.test(code));
}

const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "EPIPE",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * The database cannot be reached or is not accepting work right now (refused, timed out,
 * shutting down, too many connections): worth a 503 and a retry, not a 500.
 */
export function isUnavailableError(error: unknown): boolean {
  if (error instanceof Error && /PGlite is closed/i.test(error.message)) return true;
  return codesOf(error).some(
    (code) =>
      connectionCodes.has(code) ||
      code.startsWith("08") ||
      code === "57P01" ||
      code === "57P02" ||
      code === "57P03" ||
      code === "53300",
  );
}

/** A short description for logs and job records: the driver's own message, never the SQL or its parameters. */
export function describeError(error: unknown): string {
  let current: unknown = error;
  // drizzle wraps the driver error as "Failed query: <sql> params: <values>".
  while (current instanceof Error && current.message.startsWith("Failed query") && current.cause)
    current = current.cause;
  const message = current instanceof Error ? current.message : String(current);
  const code = codesOf(current)[0];
  return (code ? `${code}: ${message}` : message).slice(0, 300);
}
