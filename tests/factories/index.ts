import { getLucia } from "#app/auth/lucia.server";
import { hashPassword } from "#app/auth/password.server";
import { insertUser } from "#app/services/users.server";
import { getDb } from "#db/client.server";
import { teams, type UserRole } from "#db/schema/index";

export const TEST_PASSWORD = "correct horse battery";
let passwordHash: Promise<string> | undefined;

let counter = 0;
function unique() {
  counter += 1;
  return `${Date.now().toString(36)}${counter}`;
}

export async function createTeam(name = `Team ${unique()}`) {
  const [team] = await getDb().insert(teams).values({ name }).returning();
  if (!team) throw new Error("no team");
  return team;
}

export async function createUser(
  overrides: Partial<{ email: string; name: string; role: UserRole; teamId: string | null; password: string }> = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const id = unique();
  return insertUser(getDb(), {
    email: overrides.email ?? `person-${id}@example.it`,
    name: overrides.name ?? `Persona ${id}`,
    role: overrides.role ?? "agent",
    teamId: overrides.teamId ?? null,
    passwordHash: overrides.password ? await hashPassword(overrides.password) : await passwordHash,
  });
}

/** A signed-in session for `userId`, as the Cookie header a browser would send. */
export async function sessionCookie(userId: string): Promise<string> {
  const lucia = getLucia(getDb());
  const session = await lucia.createSession(userId, {});
  const cookie = lucia.createSessionCookie(session.id);
  return `${cookie.name}=${cookie.value}`;
}
