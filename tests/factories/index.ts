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

export async function createUser(overrides: Partial<{ email: string; name: string; role: UserRole; teamId: string | null; password: string }> = {}) {
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

type RequestOptions = {
  method?: string;
  cookie?: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
};

export function makeRequest(path: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("cookie", options.cookie);
  headers.set("x-floorboard-remote-addr", headers.get("x-floorboard-remote-addr") ?? "127.0.0.1");
  const method = options.method ?? (options.form ? "POST" : "GET");
  return new Request(new URL(path, "http://localhost:3000"), {
    method,
    headers,
    body: options.form ? new URLSearchParams(options.form) : undefined,
  });
}

/** Runs a loader or action and returns the Response it threw, or fails when it did not throw. */
export async function expectThrownResponse(run: () => Promise<unknown>): Promise<Response> {
  try {
    await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    if (thrown && typeof thrown === "object" && "type" in thrown && (thrown as { type: string }).type === "DataWithResponseInit") {
      const value = thrown as unknown as { data: unknown; init: ResponseInit | null };
      return new Response(JSON.stringify(value.data), value.init ?? undefined);
    }
    throw thrown;
  }
  throw new Error("expected the call to throw a Response");
}
