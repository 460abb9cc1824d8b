import { Lucia, TimeSpan } from "lucia";
import type { Database } from "#db/client.server";
import type { UserLocale, UserRole } from "#db/schema/index";
import { SessionAdapter } from "./session-adapter.server";

function createLucia(db: Database, secure: boolean) {
  return new Lucia(new SessionAdapter(db), {
    // Extended on use: Lucia renews a session once half of this has passed.
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: { name: "fb_session", attributes: { sameSite: "lax", secure } },
    getUserAttributes: (row) => ({
      email: row.email,
      name: row.name,
      role: row.role,
      teamId: row.teamId,
      locale: row.locale,
      deactivatedAt: row.deactivatedAt,
    }),
  });
}

type AppLucia = ReturnType<typeof createLucia>;

declare module "lucia" {
  interface Register {
    Lucia: AppLucia;
    UserId: string;
    // The drizzle adapter hands over the user row keyed by drizzle field names (camelCase).
    DatabaseUserAttributes: {
      email: string;
      name: string;
      role: UserRole;
      teamId: string | null;
      locale: UserLocale | null;
      deactivatedAt: Date | null;
    };
  }
}

const cache = new WeakMap<Database, { secure: AppLucia; plain: AppLucia }>();

/** Lucia bound to a database; the Secure cookie flag follows the request's protocol. */
export function getLucia(db: Database, secure = false): AppLucia {
  let entry = cache.get(db);
  if (!entry) {
    entry = { secure: createLucia(db, true), plain: createLucia(db, false) };
    cache.set(db, entry);
  }
  return secure ? entry.secure : entry.plain;
}
