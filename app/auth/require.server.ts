import { redirect } from "@remix-run/node";
import type { UserRole } from "#db/schema/enums";
import { can, type Permission } from "#app/services/permissions";
import { httpError } from "#app/utils/http.server";
import { getSession, type SessionUser } from "./session.server";

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request)).user;
}

/** The signed-in person, or a redirect to the sign-in page that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/login?${new URLSearchParams({ redirectTo })}`);
  }
  return user;
}

export async function requireAnonymous(request: Request, to = "/"): Promise<void> {
  if (await getOptionalUser(request)) throw redirect(to);
}

/** The 403 a page or action throws when the person may not do what they asked. */
export function forbidden(reason: string | null = null): Response {
  return httpError(403, reason);
}

export async function requirePermission(request: Request, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(user.role, permission)) throw forbidden();
  return user;
}

export async function requireRole(request: Request, role: UserRole): Promise<SessionUser> {
  const user = await requireUser(request);
  const rank: Record<UserRole, number> = { agent: 0, manager: 1, admin: 2 };
  if (rank[user.role] < rank[role]) throw forbidden();
  return user;
}
