import { count, eq, sql } from "drizzle-orm";
import type { Database, Queryable } from "#db/client.server";
import { teams, users } from "#db/schema/index";
import { writeAudit } from "./audit.server";
import { findUserByEmail, insertUser } from "./users.server";

const SETUP_LOCK_KEY = 7_245_118_002;

/** The setup page exists only while no admin does. */
export async function needsSetup(db: Queryable): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.role, "admin"));
  return (row?.n ?? 0) === 0;
}

export type SetupResult = { ok: true; userId: string } | { ok: false; error: "alreadyDone" | "emailTaken" };

export async function createFirstAdmin(
  db: Database,
  input: { name: string; email: string; passwordHash: string; teamName: string; locale?: "it" | "en" | null },
): Promise<SetupResult> {
  return db.transaction(async (tx) => {
    // Two people submitting the setup form at once: the second waits, then finds an admin.
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK_KEY})`);
    if (!(await needsSetup(tx))) return { ok: false, error: "alreadyDone" } as const;
    if (await findUserByEmail(tx, input.email)) return { ok: false, error: "emailTaken" } as const;
    const [existingTeam] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(sql`lower(${teams.name}) = lower(${input.teamName})`)
      .limit(1);
    const teamId =
      existingTeam?.id ?? (await tx.insert(teams).values({ name: input.teamName }).returning({ id: teams.id }))[0]?.id;
    const user = await insertUser(tx, {
      email: input.email,
      name: input.name,
      passwordHash: input.passwordHash,
      role: "admin",
      teamId: teamId ?? null,
      locale: input.locale ?? null,
    });
    await writeAudit(tx, {
      actorId: user.id,
      action: "setup.complete",
      targetType: "user",
      targetId: user.id,
      details: { email: user.email, teamName: input.teamName },
    });
    return { ok: true, userId: user.id } as const;
  });
}
