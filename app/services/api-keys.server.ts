import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database, Queryable } from "#db/client.server";
import { apiKeys, users, type ApiKey } from "#db/schema/index";
import { writeAudit } from "./audit.server";
import { normaliseScopes, type ApiScope } from "./api-scopes";
import type { Actor } from "./actor";

/*
 * Who an API key acts as: the admin who created it (`createdById`). Requests made with a
 * key pass the same role checks as that person's browser session, and the key's scopes
 * narrow them further; items, votes and comments it creates carry that person's name.
 * The key therefore stops working when its creator is deactivated (or deleted), and
 * follows their role if it changes. Keys are not a second kind of user: no extra rows,
 * no "bot" role, and the audit trail always points at a real person.
 */

const API_KEY_PREFIX = "fb_";
/** How many leading characters of a key are kept in clear, to tell keys apart in lists. */
const API_KEY_VISIBLE_CHARS = 10;
/** lastUsedAt is written at most this often per key, so busy keys do not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** `fb_` + 32 random bytes in base64url: 46 characters, 256 bits of entropy. */
function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export type CreatedApiKey = {
  /** The plain key. Returned this once and never stored: only its SHA-256 is kept. */
  key: string;
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: Date;
};

export async function createApiKey(
  db: Database,
  actor: Actor,
  input: { name: string; scopes: readonly string[] },
  now = new Date(),
): Promise<CreatedApiKey> {
  const scopes = normaliseScopes(input.scopes);
  if (scopes.length === 0) throw new Error("an API key needs at least one known scope");
  const key = generateApiKey();
  const prefix = key.slice(0, API_KEY_VISIBLE_CHARS);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ name: input.name, prefix, tokenHash: hashApiKey(key), scopes, createdById: actor.id, createdAt: now })
      .returning({ id: apiKeys.id, createdAt: apiKeys.createdAt });
    if (!row) throw new Error("insert returned no row");
    await writeAudit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "api_key.create",
      targetType: "api_key",
      targetId: row.id,
      details: { name: input.name, prefix, scopes },
    });
    return { key, id: row.id, name: input.name, prefix, scopes, createdAt: row.createdAt };
  });
}

/** Every key, active ones first, newest first; never the hash. */
export async function listApiKeys(db: Queryable) {
  const rows = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      createdByName: users.name,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdById))
    // Active keys first: PostgreSQL sorts NULL last unless told otherwise.
    .orderBy(sql`${apiKeys.revokedAt} asc nulls first`, desc(apiKeys.createdAt));
  return rows.map((row) => ({ ...row, scopes: normaliseScopes(row.scopes) }));
}

export type ApiKeyListEntry = Awaited<ReturnType<typeof listApiKeys>>[number];

/** False when the key does not exist or was already revoked (nothing is written then). */
export async function revokeApiKey(db: Database, actor: Actor, keyId: string, now = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix });
    if (!row) return false;
    await writeAudit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: row.id,
      details: { name: row.name, prefix: row.prefix },
    });
    return true;
  });
}

export type ApiKeyUser = {
  id: string;
  name: string;
  email: string;
  role: (typeof users.$inferSelect)["role"];
  locale: (typeof users.$inferSelect)["locale"];
};

export type AuthenticatedApiKey = Omit<ApiKey, "scopes"> & { scopes: ApiScope[]; user: ApiKeyUser };

/**
 * The key row for a presented token, with the person it acts for, or null when the
 * token is unknown, revoked, or its creator is deactivated or gone. Records the use.
 */
export async function authenticateApiKey(
  db: Queryable,
  token: string,
  now = new Date(),
): Promise<AuthenticatedApiKey | null> {
  if (!token.startsWith(API_KEY_PREFIX) || token.length > 200) return null;
  const [row] = await db
    .select({
      key: apiKeys,
      user: { id: users.id, name: users.name, email: users.email, role: users.role, locale: users.locale },
    })
    .from(apiKeys)
    .innerJoin(users, and(eq(users.id, apiKeys.createdById), isNull(users.deactivatedAt)))
    .where(and(eq(apiKeys.tokenHash, hashApiKey(token)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.id, row.key.id),
        or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS))),
      ),
    );
  const recorded =
    !row.key.lastUsedAt || row.key.lastUsedAt.getTime() < now.getTime() - LAST_USED_RESOLUTION_MS
      ? now
      : row.key.lastUsedAt;
  return { ...row.key, lastUsedAt: recorded, scopes: normaliseScopes(row.key.scopes), user: row.user };
}
