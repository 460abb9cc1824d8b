import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signIn } from "#app/auth/sign-in.server";
import { hashPassword } from "#app/auth/password.server";
import { getOptionalUser } from "#app/auth/require.server";
import { action as inviteAction, loader as inviteLoader } from "#app/routes/invite.$token";
import { action as adminUsersAction, loader as adminUsersLoader } from "#app/routes/admin.users";
import {
  INVITATION_TTL_MS,
  acceptInvitation,
  createInvitation,
  findInvitation,
  hashToken,
  listPendingInvitations,
  revokeInvitation,
} from "#app/services/invitations.server";
import { setTeamArchived } from "#app/services/teams.server";
import { findUserByEmail } from "#app/services/users.server";
import { getDb } from "#db/client.server";
import { auditLog, invitations, sessions } from "#db/schema/index";
import { createTeam, createUser, sessionCookie } from "#tests/factories/index";
import { cookiePair, fieldErrors, makeRequest, runRoute } from "#tests/support/routes";

const DAY = 24 * 60 * 60 * 1000;

async function setupInvitation(
  input: Partial<{ email: string; role: "agent" | "manager" | "admin"; teamId: string | null }> = {},
  now = new Date(),
) {
  const admin = await createUser({ role: "admin" });
  const result = await createInvitation(
    getDb(),
    { id: admin.id, ip: "10.0.0.1" },
    { email: input.email ?? "nuovo@example.it", role: input.role ?? "agent", teamId: input.teamId ?? null },
    now,
  );
  if (!result.ok) throw new Error(`invitation not created: ${result.error}`);
  return { admin, ...result };
}

function accept(token: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return runRoute(() =>
    inviteAction({ request: makeRequest(`/invite/${token}`, { form, headers }), params: { token }, context: {} }),
  );
}

function loadInvite(token: string) {
  return runRoute(() => inviteLoader({ request: makeRequest(`/invite/${token}`), params: { token }, context: {} }));
}

const goodForm = { name: "Nuova Persona", password: "una password lunga", confirmPassword: "una password lunga" };

describe("creating an invitation", () => {
  it("stores only the SHA-256 of the token, never the token itself", async () => {
    const { token, invitationId, expiresAt } = await setupInvitation({ email: " Nuovo@Example.IT " });
    expect(token.length).toBeGreaterThanOrEqual(40);
    const [row] = await getDb().select().from(invitations).where(eq(invitations.id, invitationId));
    expect(row!.tokenHash).toBe(hashToken(token));
    expect(row!.email).toBe("nuovo@example.it");
    expect(row!.expiresAt.getTime()).toBe(expiresAt.getTime());
    const dump = await getDb().execute(sql`select row_to_json(i)::text as row from invitations i`);
    const text = JSON.stringify(dump);
    expect(text).not.toContain(token);
    expect(text).toContain(hashToken(token));
  });

  it("expires after seven days", async () => {
    const now = new Date("2026-03-02T09:00:00Z");
    const { expiresAt } = await setupInvitation({}, now);
    expect(expiresAt.getTime() - now.getTime()).toBe(7 * DAY);
  });

  it("writes an audit row", async () => {
    const { admin, invitationId } = await setupInvitation({ role: "manager" });
    const rows = await getDb().select().from(auditLog).where(eq(auditLog.action, "invitation.create"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorId: admin.id,
      targetType: "invitation",
      targetId: invitationId,
      ip: "10.0.0.1",
    });
    expect(rows[0]!.details).toMatchObject({ email: "nuovo@example.it", role: "manager" });
  });

  it("refuses an email that already has an account", async () => {
    const admin = await createUser({ role: "admin" });
    await createUser({ email: "giulia@example.it" });
    const result = await createInvitation(
      getDb(),
      { id: admin.id },
      { email: "GIULIA@example.it", role: "agent", teamId: null },
    );
    expect(result).toEqual({ ok: false, error: "emailTaken" });
  });

  it("refuses an archived team", async () => {
    const admin = await createUser({ role: "admin" });
    const team = await createTeam("Vecchio team");
    await setTeamArchived(getDb(), { id: admin.id }, team.id, true);
    const result = await createInvitation(
      getDb(),
      { id: admin.id },
      { email: "x@example.it", role: "agent", teamId: team.id },
    );
    expect(result).toEqual({ ok: false, error: "teamInvalid" });
  });

  it("replaces an earlier pending invitation for the same email", async () => {
    const first = await setupInvitation();
    const second = await createInvitation(
      getDb(),
      { id: first.admin.id },
      { email: "nuovo@example.it", role: "manager", teamId: null },
    );
    if (!second.ok) throw new Error("second invitation failed");
    expect((await findInvitation(getDb(), first.token)).state).toBe("revoked");
    expect((await findInvitation(getDb(), second.token)).state).toBe("valid");
    const pending = await listPendingInvitations(getDb());
    expect(pending.map((row) => row.id)).toEqual([second.invitationId]);
  });
});

describe("accepting an invitation", () => {
  it("creates the person with the invitation's role and team and signs them in", async () => {
    const team = await createTeam("Assistenza tecnica");
    const { token } = await setupInvitation({ role: "manager", teamId: team.id });
    const result = await accept(token, goodForm, { "accept-language": "en-GB,en;q=0.9" });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/board");

    const user = await findUserByEmail(getDb(), "nuovo@example.it");
    expect(user).toMatchObject({
      name: "Nuova Persona",
      role: "manager",
      teamId: team.id,
      locale: "en",
      deactivatedAt: null,
    });

    const cookie = cookiePair(result.headers.get("set-cookie"), "fb_session");
    expect(cookie).not.toBeNull();
    expect((await getOptionalUser(makeRequest("/board", { cookie: cookie! })))?.id).toBe(user!.id);
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, user!.id))).toHaveLength(1);

    // The new password works for signing in.
    expect(await signIn(getDb(), { email: "nuovo@example.it", password: goodForm.password, ip: "10.0.0.1" })).toEqual({
      ok: true,
      userId: user!.id,
      deviceToken: expect.any(String),
    });
    const [row] = await getDb()
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, hashToken(token)));
    expect(row!.acceptedUserId).toBe(user!.id);
    expect(row!.acceptedAt).toBeInstanceOf(Date);
    const audit = await getDb().select().from(auditLog).where(eq(auditLog.action, "invitation.accept"));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(user!.id);
  });

  it("works once only: a second accept says used", async () => {
    const { token } = await setupInvitation();
    const passwordHash = await hashPassword("una password lunga");
    expect(await acceptInvitation(getDb(), token, { name: "Prima Persona", passwordHash })).toMatchObject({ ok: true });
    expect(await acceptInvitation(getDb(), token, { name: "Seconda Persona", passwordHash })).toEqual({
      ok: false,
      error: "used",
    });
    const second = await accept(token, goodForm);
    expect(second.status).toBe(410);
    expect(fieldErrors(second.data)[""]).toEqual(["auth:invite.state.used"]);
    expect((await loadInvite(token)).status).toBe(410);
  });

  it("accepts only one of two simultaneous attempts", async () => {
    const { token } = await setupInvitation();
    const passwordHash = await hashPassword("una password lunga");
    const results = await Promise.all([
      acceptInvitation(getDb(), token, { name: "Prima Persona", passwordHash }),
      acceptInvitation(getDb(), token, { name: "Seconda Persona", passwordHash }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toEqual({ ok: false, error: "used" });
  });

  it("has expired after seven days", async () => {
    const created = new Date("2026-03-02T09:00:00Z");
    const { token } = await setupInvitation({}, created);
    const passwordHash = await hashPassword("una password lunga");
    const justBefore = new Date(created.getTime() + INVITATION_TTL_MS - 1000);
    expect((await findInvitation(getDb(), token, justBefore)).state).toBe("valid");
    const sevenDays = new Date(created.getTime() + 7 * DAY);
    expect(await acceptInvitation(getDb(), token, { name: "Troppo Tardi", passwordHash }, sevenDays)).toEqual({
      ok: false,
      error: "expired",
    });
    expect(await findUserByEmail(getDb(), "nuovo@example.it")).toBeUndefined();
  });

  it("cannot be used once revoked", async () => {
    const { token, invitationId, admin } = await setupInvitation();
    expect(await revokeInvitation(getDb(), { id: admin.id }, invitationId)).toBe(true);
    expect(await revokeInvitation(getDb(), { id: admin.id }, invitationId)).toBe(false);
    const passwordHash = await hashPassword("una password lunga");
    expect(await acceptInvitation(getDb(), token, { name: "Nuova Persona", passwordHash })).toEqual({
      ok: false,
      error: "revoked",
    });
    const result = await accept(token, goodForm);
    expect(result.status).toBe(410);
    expect(fieldErrors(result.data)[""]).toEqual(["auth:invite.state.revoked"]);
    expect(await getDb().select().from(auditLog).where(eq(auditLog.action, "invitation.revoke"))).toHaveLength(1);
  });

  it("refuses an email registered after the invitation was sent", async () => {
    const { token } = await setupInvitation();
    await createUser({ email: "nuovo@example.it" });
    const passwordHash = await hashPassword("una password lunga");
    expect(await acceptInvitation(getDb(), token, { name: "Nuova Persona", passwordHash })).toEqual({
      ok: false,
      error: "emailTaken",
    });
    const result = await accept(token, goodForm);
    expect(fieldErrors(result.data)[""]).toEqual(["auth:invite.emailTaken"]);
  });

  it("says unknown for a token that does not exist", async () => {
    const passwordHash = await hashPassword("una password lunga");
    expect(await acceptInvitation(getDb(), "no-such-token", { name: "Nuova Persona", passwordHash })).toEqual({
      ok: false,
      error: "unknown",
    });
  });

  it("drops a team archived since the invitation was sent", async () => {
    const team = await createTeam("In chiusura");
    const { token, admin } = await setupInvitation({ teamId: team.id });
    await setTeamArchived(getDb(), { id: admin.id }, team.id, true);
    const passwordHash = await hashPassword("una password lunga");
    const result = await acceptInvitation(getDb(), token, { name: "Nuova Persona", passwordHash });
    expect(result).toMatchObject({ ok: true });
    expect((await findUserByEmail(getDb(), "nuovo@example.it"))?.teamId).toBeNull();
  });

  it("returns field errors for mismatched passwords", async () => {
    const { token } = await setupInvitation();
    const result = await accept(token, {
      name: "Nuova Persona",
      password: "una password lunga",
      confirmPassword: "un'altra password",
    });
    expect(result.status).toBe(400);
    expect(fieldErrors(result.data).confirmPassword).toEqual(["validation:passwordMismatch"]);
    expect(await findUserByEmail(getDb(), "nuovo@example.it")).toBeUndefined();
    expect(JSON.stringify(result.data)).not.toContain("una password lunga");
  });

  it("returns field errors for a short password and a short name", async () => {
    const { token } = await setupInvitation();
    const result = await accept(token, { name: "X", password: "corta", confirmPassword: "corta" });
    expect(result.status).toBe(400);
    expect(fieldErrors(result.data)).toMatchObject({
      password: ["validation:passwordMin"],
      name: ["validation:nameLength"],
    });
    expect(await findUserByEmail(getDb(), "nuovo@example.it")).toBeUndefined();
  });
});

describe("invitation page loader", () => {
  it("shows a valid invitation", async () => {
    const team = await createTeam("Fatturazione");
    const { token } = await setupInvitation({ role: "manager", teamId: team.id });
    const result = await loadInvite(token);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({
      state: "valid",
      invitation: { email: "nuovo@example.it", role: "manager", teamName: "Fatturazione" },
    });
  });

  it("answers 404 for an unknown token", async () => {
    const result = await loadInvite("no-such-token");
    expect(result.status).toBe(404);
    expect(result.data).toEqual({ state: "unknown", invitation: null });
  });

  it("answers 410 for an expired invitation", async () => {
    const { token } = await setupInvitation({}, new Date(Date.now() - 8 * DAY));
    const result = await loadInvite(token);
    expect(result.status).toBe(410);
    expect(result.data).toEqual({ state: "expired", invitation: null });
  });

  it("sends people who are signed in to the board", async () => {
    const { token } = await setupInvitation();
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    const result = await runRoute(() =>
      inviteLoader({ request: makeRequest(`/invite/${token}`, { cookie }), params: { token }, context: {} }),
    );
    expect(result.location).toBe("/board");
  });
});

describe("inviting from the admin page", () => {
  it("creates an invitation and shows a link that works", async () => {
    const admin = await createUser({ role: "admin" });
    const team = await createTeam("Commerciale");
    const cookie = await sessionCookie(admin.id);
    const result = await runRoute(() =>
      adminUsersAction({
        request: makeRequest("/admin/users", {
          cookie,
          form: { intent: "invite", email: "Nuovo@Example.it", role: "agent", teamId: team.id },
        }),
        params: {},
        context: {},
      }),
    );
    expect(result.status).toBe(200);
    const invited = (result.data as { invited: { email: string; url: string } }).invited;
    expect(invited.email).toBe("nuovo@example.it");
    const url = new URL(invited.url);
    expect(url.origin).toBe("http://localhost:3000");
    const token = url.pathname.replace("/invite/", "");
    expect((await findInvitation(getDb(), token)).state).toBe("valid");

    const list = await runRoute(() =>
      adminUsersLoader({ request: makeRequest("/admin/users", { cookie }), params: {}, context: {} }),
    );
    const pending = (list.data as { invitations: Array<{ email: string; teamName: string | null }> }).invitations;
    expect(pending).toMatchObject([{ email: "nuovo@example.it", teamName: "Commerciale" }]);
  });

  it("returns a field error for an email that already has an account", async () => {
    const admin = await createUser({ role: "admin", email: "admin@example.it" });
    const cookie = await sessionCookie(admin.id);
    const result = await runRoute(() =>
      adminUsersAction({
        request: makeRequest("/admin/users", {
          cookie,
          form: { intent: "invite", email: "admin@example.it", role: "agent" },
        }),
        params: {},
        context: {},
      }),
    );
    expect(result.status).toBe(400);
    expect(fieldErrors((result.data as { invite: unknown }).invite).email).toEqual(["validation:emailTaken"]);
  });

  it("returns field errors for a bad email and role", async () => {
    const admin = await createUser({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    const result = await runRoute(() =>
      adminUsersAction({
        request: makeRequest("/admin/users", { cookie, form: { intent: "invite", email: "nope", role: "owner" } }),
        params: {},
        context: {},
      }),
    );
    expect(result.status).toBe(400);
    expect(fieldErrors((result.data as { invite: unknown }).invite)).toMatchObject({
      email: ["validation:emailInvalid"],
      role: ["validation:roleInvalid"],
    });
  });

  it("withdraws a pending invitation", async () => {
    const { admin, token, invitationId } = await setupInvitation();
    const cookie = await sessionCookie(admin.id);
    const result = await runRoute(() =>
      adminUsersAction({
        request: makeRequest("/admin/users", { cookie, form: { intent: "revoke-invitation", invitationId } }),
        params: {},
        context: {},
      }),
    );
    expect(result.data).toEqual({ revoked: true });
    expect((await findInvitation(getDb(), token)).state).toBe("revoked");
  });
});
