import { createCookie, redirect } from "@remix-run/node";
import type { Session, User } from "lucia";
import { getDb } from "#db/client.server";
import { accessEvent, recordEvent } from "#app/services/events.server";
import { isSecureRequest } from "#app/utils/http.server";
import { getLucia } from "./lucia.server";
import { SessionAdapter } from "./session-adapter.server";

export { sessionKey } from "./session-adapter.server";

export type SessionUser = User;

export type SessionResult = {
  user: SessionUser | null;
  session: Session | null;
  /** Set-Cookie to send back: a renewed session, or a blank one for a dead session. */
  setCookie: string | null;
};

// The root loader and the route's loader both ask for the session of one request: look it up once.
const sessionsByRequest = new WeakMap<Request, Promise<SessionResult>>();

export function getSession(request: Request): Promise<SessionResult> {
  let result = sessionsByRequest.get(request);
  if (!result) {
    result = lookUpSession(request);
    sessionsByRequest.set(request, result);
  }
  return result;
}

async function lookUpSession(request: Request): Promise<SessionResult> {
  const lucia = getLucia(getDb(), isSecureRequest(request));
  const sessionId = lucia.readSessionCookie(request.headers.get("cookie") ?? "");
  if (!sessionId) return { user: null, session: null, setCookie: null };
  const { user, session } = await lucia.validateSession(sessionId);
  if (!session || !user) {
    return { user: null, session: null, setCookie: lucia.createBlankSessionCookie().serialize() };
  }
  if (user.deactivatedAt) {
    await lucia.invalidateSession(session.id);
    return { user: null, session: null, setCookie: lucia.createBlankSessionCookie().serialize() };
  }
  const setCookie = session.fresh ? lucia.createSessionCookie(session.id).serialize() : null;
  return { user, session, setCookie };
}

/**
 * Marks a browser that signed in to an account (see app/auth/throttle.server.ts); sent only
 * to the sign-in page. Its value is random and stored hashed; it signs no one in by itself.
 */
const deviceCookie = createCookie("fb_device", {
  path: "/login",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 180,
});

export async function readDeviceToken(request: Request): Promise<string | null> {
  const value: unknown = await deviceCookie.parse(request.headers.get("cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}

export function deviceCookieHeader(request: Request, token: string): Promise<string> {
  return deviceCookie.serialize(token, { secure: isSecureRequest(request) });
}

/** Starts a session and redirects with its cookie (and any other cookies given). */
export async function createUserSession(
  request: Request,
  userId: string,
  redirectTo: string,
  otherCookies: string[] = [],
) {
  const lucia = getLucia(getDb(), isSecureRequest(request));
  const session = await lucia.createSession(userId, {});
  const headers = new Headers({ "Set-Cookie": lucia.createSessionCookie(session.id).serialize() });
  for (const cookie of otherCookies) headers.append("Set-Cookie", cookie);
  return redirect(redirectTo, { headers });
}

export async function signOut(request: Request, redirectTo = "/login") {
  const lucia = getLucia(getDb(), isSecureRequest(request));
  const sessionId = lucia.readSessionCookie(request.headers.get("cookie") ?? "");
  if (sessionId) {
    const [, user] = await new SessionAdapter(getDb()).getSessionAndUser(sessionId);
    await lucia.invalidateSession(sessionId);
    // Open live streams of this session, in any instance, see it gone and close.
    if (user) await recordEvent(getDb(), accessEvent("session.ended", user.id));
  }
  return redirect(redirectTo, { headers: { "Set-Cookie": lucia.createBlankSessionCookie().serialize() } });
}

/** Ends every session of a person (sign out everywhere), and their open live streams with them. */
export async function endAllSessions(userId: string): Promise<void> {
  await getLucia(getDb()).invalidateUserSessions(userId);
  await recordEvent(getDb(), accessEvent("session.ended", userId));
}

/**
 * The person behind a session as it stands now, read without renewing it; null once the
 * session has ended, expired or its person was deactivated. For long-lived live streams.
 */
export async function currentSessionUser(sessionId: string, now = new Date()): Promise<SessionUser | null> {
  const [session, user] = await new SessionAdapter(getDb()).getSessionAndUser(sessionId);
  if (!session || !user || session.expiresAt <= now || user.attributes.deactivatedAt) return null;
  return { id: user.id, ...user.attributes };
}
