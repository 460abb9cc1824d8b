import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Database, Queryable } from "#db/client.server";
import { invitations, teams, type UserRole } from "#db/schema/index";
import { writeAudit } from "./audit.server";
import type { Actor } from "./actor";
import { findUserByEmail, insertUser, isActiveTeam, normaliseEmail } from "./users.server";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type CreateInvitationResult =
  | { ok: true; token: string; invitationId: string; expiresAt: Date }
  | { ok: false; error: "emailTaken" | "teamInvalid" };

/** A new invitation replaces any earlier pending one for the same email. */
export async function createInvitation(
  db: Database,
  actor: Actor,
  input: { email: string; role: UserRole; teamId: string | null },
  now = new Date(),
): Promise<CreateInvitationResult> {
  const email = normaliseEmail(input.email);
  const token = randomBytes(32).toString("base64url");
  return db.transaction(async (tx) => {
    if (await findUserByEmail(tx, email)) return { ok: false, error: "emailTaken" } as const;
    if (input.teamId && !(await isActiveTeam(tx, input.teamId))) return { ok: false, error: "teamInvalid" } as const;
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
    const [invitation] = await tx
      .insert(invitations)
      .values({
        email,
        role: input.role,
        teamId: input.teamId,
        tokenHash: hashToken(token),
        invitedById: actor.id,
        expiresAt,
        createdAt: now,
      })
      .returning({ id: invitations.id });
    if (!invitation) throw new Error("insert returned no row");
    await writeAudit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "invitation.create",
      targetType: "invitation",
      targetId: invitation.id,
      details: { email, role: input.role, teamId: input.teamId },
    });
    return { ok: true, token, invitationId: invitation.id, expiresAt } as const;
  });
}

export async function listPendingInvitations(db: Queryable, now = new Date()) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      teamName: teams.name,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .leftJoin(teams, eq(teams.id, invitations.teamId))
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation(db: Database, actor: Actor, invitationId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.id, invitationId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id, email: invitations.email });
    if (!row) return false;
    await writeAudit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "invitation.revoke",
      targetType: "invitation",
      targetId: row.id,
      details: { email: row.email },
    });
    return true;
  });
}

export type InvitationState = "valid" | "expired" | "used" | "revoked" | "unknown";

export function invitationState(
  invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | undefined,
  now: Date,
): InvitationState {
  if (!invitation) return "unknown";
  if (invitation.acceptedAt) return "used";
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt <= now) return "expired";
  return "valid";
}

export async function findInvitation(db: Queryable, token: string, now = new Date()) {
  const [invitation] = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      teamId: invitations.teamId,
      teamName: teams.name,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .leftJoin(teams, eq(teams.id, invitations.teamId))
    .where(eq(invitations.tokenHash, hashToken(token)))
    .limit(1);
  return { invitation, state: invitationState(invitation, now) };
}

export type AcceptResult =
  { ok: true; userId: string } | { ok: false; error: Exclude<InvitationState, "valid"> | "emailTaken" };

/** Single use: the row is locked, checked and marked accepted in one transaction. */
export async function acceptInvitation(
  db: Database,
  token: string,
  input: { name: string; passwordHash: string; locale?: "it" | "en" | null },
  now = new Date(),
): Promise<AcceptResult> {
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, hashToken(token)))
      .for("update")
      .limit(1);
    const state = invitationState(invitation, now);
    if (!invitation || state !== "valid") return { ok: false, error: state === "valid" ? "unknown" : state } as const;
    if (await findUserByEmail(tx, invitation.email)) return { ok: false, error: "emailTaken" } as const;
    const teamId = invitation.teamId && (await isActiveTeam(tx, invitation.teamId)) ? invitation.teamId : null;
    const user = await insertUser(tx, {
      email: invitation.email,
      name: input.name,
      passwordHash: input.passwordHash,
      role: invitation.role,
      teamId,
      locale: input.locale ?? null,
    });
    await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedUserId: user.id })
      .where(eq(invitations.id, invitation.id));
    await writeAudit(tx, {
      actorId: user.id,
      action: "invitation.accept",
      targetType: "user",
      targetId: user.id,
      details: { email: user.email, role: user.role, invitationId: invitation.id },
    });
    return { ok: true, userId: user.id } as const;
  });
}
