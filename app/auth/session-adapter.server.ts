import { createHash } from "node:crypto";
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import type { DatabaseSession, DatabaseUser } from "lucia";
import { queryPrepared, type Database } from "#db/client.server";
import { sessions, users, type UserLocale, type UserRole } from "#db/schema/index";

type SessionRow = {
  user_id: string;
  expires_ms: number;
  email: string;
  name: string;
  role: UserRole;
  team_id: string | null;
  locale: UserLocale | null;
  deactivated_ms: number | null;
};

// Times as epoch milliseconds: both drivers return float8 as a number, whatever their date parsers.
const SESSION_AND_USER = `
select s.user_id, extract(epoch from s.expires_at)::float8 * 1000 as expires_ms,
  u.email, u.name, u.role, u.team_id, u.locale, extract(epoch from u.deactivated_at)::float8 * 1000 as deactivated_ms
from sessions s
join users u on u.id = s.user_id
where s.id = $1`;

/**
 * The key a session is stored under: the SHA-256 of the cookie's value, so a copy of the
 * database (a backup, a replica) holds no cookie that would sign anyone in.
 */
export function sessionKey(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex");
}

/**
 * Lucia's drizzle adapter, storing sessions under sessionKey() (Lucia itself only ever sees
 * the cookie's value), with the lookup every request makes as one prepared statement that
 * reads only the columns a session needs (the adapter builds the query anew each time and
 * reads whole rows, password hash included).
 */
export class SessionAdapter extends DrizzlePostgreSQLAdapter {
  constructor(private readonly database: Database) {
    super(database, sessions, users);
  }

  override async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const [row] = await queryPrepared<SessionRow>(this.database, SESSION_AND_USER, [sessionKey(sessionId)]);
    if (!row) return [null, null];
    return [
      // The cookie's value, not the stored key: Lucia renews the cookie from this id.
      { id: sessionId, userId: row.user_id, expiresAt: new Date(row.expires_ms), attributes: {} },
      {
        id: row.user_id,
        attributes: {
          email: row.email,
          name: row.name,
          role: row.role,
          teamId: row.team_id,
          locale: row.locale,
          deactivatedAt: row.deactivated_ms === null ? null : new Date(row.deactivated_ms),
        },
      },
    ];
  }

  override setSession(session: DatabaseSession): Promise<void> {
    return super.setSession({ ...session, id: sessionKey(session.id) });
  }

  override updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    return super.updateSessionExpiration(sessionKey(sessionId), expiresAt);
  }

  override deleteSession(sessionId: string): Promise<void> {
    return super.deleteSession(sessionKey(sessionId));
  }
}
