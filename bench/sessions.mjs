import { createHash, randomBytes } from "node:crypto";

/**
 * A session row as the app stores it (under the SHA-256 of the cookie's value), with the
 * cookie's value alongside as `token`; insert it with the columns id, user_id, expires_at.
 */
export function sessionRow(fields) {
  const token = randomBytes(20).toString("hex");
  return { ...fields, token, id: createHash("sha256").update(token).digest("hex") };
}
