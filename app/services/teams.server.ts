import { asc, count, eq, isNull, sql } from "drizzle-orm";
import type { Database, Queryable } from "#db/client.server";
import { teams, users } from "#db/schema/index";
import { writeAudit } from "./audit.server";
import type { Actor } from "./actor";

/** Active teams as choices for a form or a filter, by name: no member counts, which cost a pass over every person. */
export async function teamChoices(db: Queryable): Promise<Array<{ id: string; name: string }>> {
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(isNull(teams.archivedAt))
    .orderBy(asc(teams.name));
}

export async function listTeams(db: Queryable, options: { includeArchived?: boolean } = {}) {
  const rows = await db
    .select({
      id: teams.id,
      name: teams.name,
      archivedAt: teams.archivedAt,
      createdAt: teams.createdAt,
      members: count(users.id),
    })
    .from(teams)
    .leftJoin(users, eq(users.teamId, teams.id))
    .groupBy(teams.id)
    // Active teams first: PostgreSQL sorts NULL last unless told otherwise.
    .orderBy(sql`${teams.archivedAt} asc nulls first`, asc(teams.name));
  return options.includeArchived ? rows : rows.filter((team) => !team.archivedAt);
}

export type TeamResult = { ok: true; id: string } | { ok: false; error: "nameTaken" | "notFound" };

async function nameTaken(db: Queryable, name: string, exceptId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(sql`lower(${teams.name}) = lower(${name})`)
    .limit(1);
  return Boolean(row && row.id !== exceptId);
}

export async function createTeam(db: Database, actor: Actor | null, name: string): Promise<TeamResult> {
  return db.transaction(async (tx) => {
    if (await nameTaken(tx, name)) return { ok: false, error: "nameTaken" } as const;
    const [team] = await tx.insert(teams).values({ name }).returning({ id: teams.id });
    if (!team) throw new Error("insert returned no row");
    await writeAudit(tx, {
      actorId: actor?.id ?? null,
      ip: actor?.ip,
      action: "team.create",
      targetType: "team",
      targetId: team.id,
      details: { name },
    });
    return { ok: true, id: team.id } as const;
  });
}

export async function renameTeam(db: Database, actor: Actor, teamId: string, name: string): Promise<TeamResult> {
  return db.transaction(async (tx) => {
    const [team] = await tx.select().from(teams).where(eq(teams.id, teamId)).limit(1);
    if (!team) return { ok: false, error: "notFound" } as const;
    if (await nameTaken(tx, name, teamId)) return { ok: false, error: "nameTaken" } as const;
    await tx.update(teams).set({ name }).where(eq(teams.id, teamId));
    await writeAudit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: "team.rename",
      targetType: "team",
      targetId: teamId,
      details: { from: team.name, to: name },
    });
    return { ok: true, id: teamId } as const;
  });
}

/** Archived teams keep their members and history but are no longer offered in forms. */
export async function setTeamArchived(
  db: Database,
  actor: Actor,
  teamId: string,
  archived: boolean,
): Promise<TeamResult> {
  return db.transaction(async (tx) => {
    const [team] = await tx.select().from(teams).where(eq(teams.id, teamId)).limit(1);
    if (!team) return { ok: false, error: "notFound" } as const;
    await tx
      .update(teams)
      .set({ archivedAt: archived ? new Date() : null })
      .where(eq(teams.id, teamId));
    await writeAudit(tx, {
      actorId: actor.id,
      ip: actor.ip,
      action: archived ? "team.archive" : "team.restore",
      targetType: "team",
      targetId: teamId,
      details: { name: team.name },
    });
    return { ok: true, id: teamId } as const;
  });
}
