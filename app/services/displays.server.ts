import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database, Queryable } from "#db/client.server";
import { displayTokens, displays, type Display } from "#db/schema/index";
import type { DisplayInput } from "#app/schemas/displays";
import { writeAudit } from "./audit.server";
import { recordEvent } from "./events.server";
import type { Actor } from "./actor";

/*
 * A display's URL carries a long random token; only its SHA-256 is stored, like API keys.
 * The token grants read-only access to what that display shows and nothing else.
 */

export function hashDisplayToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** 32 random bytes in base64url: 43 characters, 256 bits of entropy. */
function generateDisplayToken(): string {
  return randomBytes(32).toString("base64url");
}

/** lastSeenAt is written at most this often per display. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

async function issueToken(tx: Queryable, displayId: string): Promise<string> {
  const token = generateDisplayToken();
  await tx.insert(displayTokens).values({ displayId, tokenHash: hashDisplayToken(token) });
  return token;
}

export async function createDisplay(
  db: Database,
  actor: Actor,
  input: DisplayInput,
): Promise<{ id: string; token: string }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(displays)
      .values({ ...input, createdById: actor.id })
      .returning({ id: displays.id });
    if (!row) throw new Error("insert returned no row");
    const token = await issueToken(tx, row.id);
    await writeAudit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "display.create",
      targetType: "display",
      targetId: row.id,
      details: { name: input.name, panels: input.panels },
    });
    return { id: row.id, token };
  });
}

export async function updateDisplay(
  db: Database,
  actor: Actor,
  displayId: string,
  input: DisplayInput,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(displays)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(displays.id, displayId))
      .returning({ id: displays.id });
    if (!row) return false;
    await writeAudit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "display.update",
      targetType: "display",
      targetId: displayId,
      details: { name: input.name, panels: input.panels },
    });
    // Screens showing it reload with the new settings.
    await recordEvent(tx, { type: "display.updated", payload: { displayId } });
    return true;
  });
}

/** Revokes every live token of the display and tells screens using them. */
async function revokeTokens(tx: Queryable, displayId: string, now: Date): Promise<string[]> {
  const revoked = await tx
    .update(displayTokens)
    .set({ revokedAt: now })
    .where(and(eq(displayTokens.displayId, displayId), isNull(displayTokens.revokedAt)))
    .returning({ id: displayTokens.id });
  return revoked.map((row) => row.id);
}

/** A new URL for the display; the old one stops working at once. Re-enables a revoked display. */
export async function regenerateDisplayToken(
  db: Database,
  actor: Actor,
  displayId: string,
  now = new Date(),
): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [display] = await tx
      .select({ id: displays.id, name: displays.name })
      .from(displays)
      .where(eq(displays.id, displayId))
      .for("update");
    if (!display) return null;
    const tokenIds = await revokeTokens(tx, displayId, now);
    await tx.update(displays).set({ revokedAt: null, updatedAt: now }).where(eq(displays.id, displayId));
    const token = await issueToken(tx, displayId);
    await writeAudit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "display.regenerate",
      targetType: "display",
      targetId: displayId,
      details: { name: display.name },
    });
    if (tokenIds.length > 0) await recordEvent(tx, { type: "display.revoked", payload: { displayId, tokenIds } });
    return token;
  });
}

/** False when the display does not exist or was already revoked. */
export async function revokeDisplay(db: Database, actor: Actor, displayId: string, now = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [display] = await tx
      .update(displays)
      .set({ revokedAt: now, updatedAt: now })
      .where(and(eq(displays.id, displayId), isNull(displays.revokedAt)))
      .returning({ id: displays.id, name: displays.name });
    if (!display) return false;
    const tokenIds = await revokeTokens(tx, displayId, now);
    await writeAudit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "display.revoke",
      targetType: "display",
      targetId: displayId,
      details: { name: display.name },
    });
    await recordEvent(tx, { type: "display.revoked", payload: { displayId, tokenIds } });
    return true;
  });
}

/** Every display, active ones first; never a token. */
export async function listDisplays(db: Queryable) {
  return db
    .select()
    .from(displays)
    .orderBy(sql`${displays.revokedAt} asc nulls first`, asc(displays.name));
}

export async function getDisplay(db: Queryable, displayId: string): Promise<Display | undefined> {
  const [display] = await db.select().from(displays).where(eq(displays.id, displayId)).limit(1);
  return display;
}

export type DisplayListEntry = Awaited<ReturnType<typeof listDisplays>>[number];

export type ResolvedDisplay =
  { status: "ok"; display: Display; tokenId: string } | { status: "revoked"; display: Display } | { status: "unknown" };

/** What a presented token opens: its display, "revoked" for an old or revoked token, else unknown. */
export async function resolveDisplayToken(db: Queryable, token: string): Promise<ResolvedDisplay> {
  if (token.length > 200) return { status: "unknown" };
  const [row] = await db
    .select({ display: displays, tokenId: displayTokens.id, tokenRevokedAt: displayTokens.revokedAt })
    .from(displayTokens)
    .innerJoin(displays, eq(displays.id, displayTokens.displayId))
    .where(eq(displayTokens.tokenHash, hashDisplayToken(token)))
    .limit(1);
  if (!row) return { status: "unknown" };
  if (row.tokenRevokedAt || row.display.revokedAt) return { status: "revoked", display: row.display };
  return { status: "ok", display: row.display, tokenId: row.tokenId };
}

/** Records that the screen is on, at most once a minute. */
export async function touchDisplay(db: Queryable, displayId: string, now = new Date()): Promise<void> {
  await db
    .update(displays)
    .set({ lastSeenAt: now })
    .where(
      and(
        eq(displays.id, displayId),
        or(isNull(displays.lastSeenAt), lt(displays.lastSeenAt, new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS))),
      ),
    );
}
