import { getDb } from "#db/client.server";
import type { UserLocale, UserRole } from "#db/schema/enums";
import { apiError } from "#app/api/responses.server";
import { authenticateApiKey } from "#app/services/api-keys.server";
import type { ApiScope } from "#app/services/api-scopes";
import { can, type Permission } from "#app/services/permissions";
import { getSession } from "./session.server";

export type ApiUser = {
  id: string;
  name: string;
  email: string;
  role: UserRole;
  locale: UserLocale | null;
  /** How the caller proved who they are; scopes only exist for API keys. */
  auth: { kind: "session"; setCookie: string | null } | { kind: "api_key"; keyId: string; scopes: ApiScope[] };
};

const BEARER = /^Bearer +(\S+) *$/i;
const realm = 'Bearer realm="floorboard"';

/**
 * The person behind an API request: an `Authorization: Bearer <key>` header if there is
 * one (the key acts for the admin who created it and must carry `scope`), else the
 * browser session, for which scopes do not apply. Role permissions apply to both and are
 * checked by each route with `requireApiPermission`. `scope: null` accepts any valid key.
 */
export async function requireApiUser(request: Request, scope: ApiScope | null): Promise<ApiUser> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const token = BEARER.exec(authorization)?.[1];
    if (!token) {
      throw apiError(401, "unauthenticated", "Send an API key as 'Authorization: Bearer <key>'.", {
        headers: { "WWW-Authenticate": `${realm}, error="invalid_request"` },
      });
    }
    const key = await authenticateApiKey(getDb(), token);
    if (!key) {
      throw apiError(401, "invalid_api_key", "The API key is unknown or has been revoked.", {
        headers: { "WWW-Authenticate": `${realm}, error="invalid_token"` },
      });
    }
    if (scope && !key.scopes.includes(scope)) {
      throw apiError(403, "insufficient_scope", `This API key lacks the '${scope}' scope.`, {
        headers: { "WWW-Authenticate": `${realm}, error="insufficient_scope", scope="${scope}"` },
      });
    }
    return { ...key.user, auth: { kind: "api_key", keyId: key.id, scopes: key.scopes } };
  }
  const { user, setCookie } = await getSession(request);
  if (!user) {
    const headers = new Headers({ "WWW-Authenticate": realm });
    if (setCookie) headers.append("Set-Cookie", setCookie);
    throw apiError(401, "unauthenticated", "Sign in or send an API key as 'Authorization: Bearer <key>'.", { headers });
  }
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    locale: user.locale,
    auth: { kind: "session", setCookie },
  };
}

export function requireApiPermission(user: ApiUser, permission: Permission): void {
  if (!can(user.role, permission)) {
    throw apiError(403, "forbidden", `The role '${user.role}' may not do this.`);
  }
}
