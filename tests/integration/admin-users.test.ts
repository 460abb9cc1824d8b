import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signIn } from "#app/auth/sign-in.server";
import { getOptionalUser } from "#app/auth/require.server";
import { action, loader } from "#app/routes/admin.users";
import { setTeamArchived } from "#app/services/teams.server";
import {
  countActiveAdmins,
  getUser,
  listUsers,
  setUserActive,
  updateUserRoleAndTeam,
} from "#app/services/users.server";
import { getDb } from "#db/client.server";
import { auditLog, sessions } from "#db/schema/index";
import { TEST_PASSWORD, createTeam, createUser, sessionCookie } from "#tests/factories/index";
import { makeRequest, runRoute } from "#tests/support/routes";

async function auditRows(action: string) {
  return getDb().select().from(auditLog).where(eq(auditLog.action, action));
}

async function post(cookie: string, form: Record<string, string>) {
  return runRoute(() => action({ request: makeRequest("/admin/users", { cookie, form }), params: {}, context: {} }));
}

describe("changing role and team", () => {
  it("saves the change and writes an audit row with before and after", async () => {
    const admin = await createUser({ role: "admin" });
    const from = await createTeam("Fatturazione");
    const to = await createTeam("Commerciale");
    const person = await createUser({ role: "agent", teamId: from.id, email: "luca@example.it" });
    const cookie = await sessionCookie(admin.id);
    const result = await post(cookie, { intent: "update", userId: person.id, role: "manager", teamId: to.id });
    expect(result).toMatchObject({ status: 200, data: { updated: person.id } });
    expect(await getUser(getDb(), person.id)).toMatchObject({ role: "manager", teamId: to.id });
    const rows = await auditRows("user.update");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: admin.id, targetType: "user", targetId: person.id, ip: "127.0.0.1" });
    expect(rows[0]!.details).toEqual({
      email: "luca@example.it",
      from: { role: "agent", teamId: from.id },
      to: { role: "manager", teamId: to.id },
    });
  });

  it("removes someone from their team when no team is chosen", async () => {
    const admin = await createUser({ role: "admin" });
    const team = await createTeam("Fatturazione");
    const person = await createUser({ teamId: team.id });
    const result = await post(await sessionCookie(admin.id), {
      intent: "update",
      userId: person.id,
      role: "agent",
      teamId: "",
    });
    expect(result.status).toBe(200);
    expect((await getUser(getDb(), person.id))?.teamId).toBeNull();
  });

  it("refuses an archived team", async () => {
    const admin = await createUser({ role: "admin" });
    const team = await createTeam("Archiviato");
    await setTeamArchived(getDb(), { id: admin.id }, team.id, true);
    const person = await createUser();
    const result = await post(await sessionCookie(admin.id), {
      intent: "update",
      userId: person.id,
      role: "agent",
      teamId: team.id,
    });
    expect(result.status).toBe(400);
    expect(result.data).toEqual({
      formError: { intent: "update", message: "admin:users.errors.teamInvalid", target: person.id },
    });
    expect(await auditRows("user.update")).toEqual([]);
  });

  it("cannot demote the last active admin", async () => {
    const admin = await createUser({ role: "admin" });
    const result = await post(await sessionCookie(admin.id), {
      intent: "update",
      userId: admin.id,
      role: "manager",
      teamId: "",
    });
    expect(result.status).toBe(400);
    expect(result.data).toEqual({
      formError: { intent: "update", message: "admin:users.errors.lastAdmin", target: admin.id },
    });
    expect((await getUser(getDb(), admin.id))?.role).toBe("admin");
    expect(await auditRows("user.update")).toEqual([]);
  });

  it("does not count a deactivated admin as a remaining admin", async () => {
    const admin = await createUser({ role: "admin" });
    const other = await createUser({ role: "admin" });
    expect(await setUserActive(getDb(), { id: admin.id }, { userId: other.id, active: false })).toEqual({ ok: true });
    expect(
      await updateUserRoleAndTeam(getDb(), { id: admin.id }, { userId: admin.id, role: "agent", teamId: null }),
    ).toEqual({
      ok: false,
      error: "lastAdmin",
    });
  });

  it("lets an admin step down while another admin remains", async () => {
    const admin = await createUser({ role: "admin" });
    await createUser({ role: "admin" });
    expect(
      await updateUserRoleAndTeam(getDb(), { id: admin.id }, { userId: admin.id, role: "manager", teamId: null }),
    ).toEqual({
      ok: true,
    });
    expect(await countActiveAdmins(getDb())).toBe(1);
  });

  it("keeps one admin when two admins demote each other at the same moment", async () => {
    const a = await createUser({ role: "admin" });
    const b = await createUser({ role: "admin" });
    const results = await Promise.all([
      updateUserRoleAndTeam(getDb(), { id: a.id }, { userId: b.id, role: "agent", teamId: null }),
      updateUserRoleAndTeam(getDb(), { id: b.id }, { userId: a.id, role: "agent", teamId: null }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, error: "lastAdmin" }]);
    expect(await countActiveAdmins(getDb())).toBe(1);
  });

  it("keeps one admin when two admins deactivate each other at the same moment", async () => {
    const a = await createUser({ role: "admin" });
    const b = await createUser({ role: "admin" });
    const results = await Promise.all([
      setUserActive(getDb(), { id: a.id }, { userId: b.id, active: false }),
      setUserActive(getDb(), { id: b.id }, { userId: a.id, active: false }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await countActiveAdmins(getDb())).toBe(1);
  });

  it("answers notFound for someone who does not exist", async () => {
    const admin = await createUser({ role: "admin" });
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(
      await updateUserRoleAndTeam(getDb(), { id: admin.id }, { userId: missing, role: "agent", teamId: null }),
    ).toEqual({
      ok: false,
      error: "notFound",
    });
    const result = await post(await sessionCookie(admin.id), { intent: "update", userId: missing, role: "agent" });
    expect(result.data).toEqual({
      formError: { intent: "update", message: "admin:users.errors.notFound", target: missing },
    });
  });

  it("refuses a form that is not valid", async () => {
    const admin = await createUser({ role: "admin" });
    const person = await createUser();
    const result = await post(await sessionCookie(admin.id), { intent: "update", userId: person.id, role: "owner" });
    expect(result.status).toBe(400);
    expect(result.data).toEqual({
      formError: { intent: "update", message: "validation:invalidForm", target: person.id },
    });
  });

  it("answers 400 to an unknown intent", async () => {
    const admin = await createUser({ role: "admin" });
    const result = await post(await sessionCookie(admin.id), { intent: "delete-everything" });
    expect(result.status).toBe(400);
    expect(result.thrown).toBe(true);
  });
});

describe("deactivating and reactivating", () => {
  it("ends every session of the person, who can no longer sign in", async () => {
    const admin = await createUser({ role: "admin" });
    const person = await createUser({ email: "luca@example.it" });
    const personCookie = await sessionCookie(person.id);
    await sessionCookie(person.id);
    const adminCookie = await sessionCookie(admin.id);

    const result = await post(adminCookie, { intent: "deactivate", userId: person.id });
    expect(result).toMatchObject({ status: 200, data: { updated: person.id } });
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, person.id))).toEqual([]);
    expect(await getOptionalUser(makeRequest("/board", { cookie: personCookie }))).toBeNull();
    expect(await signIn(getDb(), { email: "luca@example.it", password: TEST_PASSWORD, ip: "10.0.0.1" })).toEqual({
      ok: false,
      reason: "deactivated",
    });
    // The admin's own session is untouched.
    expect((await getOptionalUser(makeRequest("/board", { cookie: adminCookie })))?.id).toBe(admin.id);

    const rows = await auditRows("user.deactivate");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: admin.id, targetId: person.id, details: { email: "luca@example.it" } });
  });

  it("lets a reactivated person sign in again", async () => {
    const admin = await createUser({ role: "admin" });
    const person = await createUser({ email: "luca@example.it" });
    const cookie = await sessionCookie(admin.id);
    await post(cookie, { intent: "deactivate", userId: person.id });
    const result = await post(cookie, { intent: "reactivate", userId: person.id });
    expect(result.status).toBe(200);
    expect((await getUser(getDb(), person.id))?.deactivatedAt).toBeNull();
    expect(await signIn(getDb(), { email: "luca@example.it", password: TEST_PASSWORD, ip: "10.0.0.1" })).toMatchObject({
      ok: true,
    });
    expect(await auditRows("user.reactivate")).toHaveLength(1);
  });

  it("cannot deactivate oneself", async () => {
    const admin = await createUser({ role: "admin" });
    await createUser({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    const result = await post(cookie, { intent: "deactivate", userId: admin.id });
    expect(result.status).toBe(400);
    expect(result.data).toEqual({
      formError: { intent: "deactivate", message: "admin:users.errors.self", target: admin.id },
    });
    expect((await getUser(getDb(), admin.id))?.deactivatedAt).toBeNull();
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, admin.id))).toHaveLength(1);
  });

  it("cannot deactivate the last active admin", async () => {
    const admin = await createUser({ role: "admin" });
    const manager = await createUser({ role: "manager" });
    // Only the service can be asked by someone other than the admin themself here.
    expect(await setUserActive(getDb(), { id: manager.id }, { userId: admin.id, active: false })).toEqual({
      ok: false,
      error: "lastAdmin",
    });
    expect(await countActiveAdmins(getDb())).toBe(1);
    expect(
      await getDb()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "user.deactivate"))),
    ).toEqual([]);
  });

  it("can deactivate an admin while another admin remains", async () => {
    const admin = await createUser({ role: "admin" });
    const other = await createUser({ role: "admin" });
    const result = await post(await sessionCookie(admin.id), { intent: "deactivate", userId: other.id });
    expect(result.status).toBe(200);
    expect(await countActiveAdmins(getDb())).toBe(1);
  });
});

describe("searching people", () => {
  it("finds people by part of their name or email, ignoring case", async () => {
    await createUser({ name: "Giulia Rossi", email: "giulia.rossi@example.it" });
    await createUser({ name: "Marco Bianchi", email: "m.bianchi@example.it" });
    await createUser({ name: "Sara Esposito", email: "sara@rossi-consulting.it" });
    const names = async (query: string) => (await listUsers(getDb(), { query })).map((person) => person.name).sort();
    expect(await names("rossi")).toEqual(["Giulia Rossi", "Sara Esposito"]);
    expect(await names("BIANCHI")).toEqual(["Marco Bianchi"]);
    expect(await names("m.bianchi@")).toEqual(["Marco Bianchi"]);
    expect(await names("  sara ")).toEqual(["Sara Esposito"]);
    expect(await names("nobody")).toEqual([]);
    expect(await names("")).toHaveLength(3);
  });

  it("treats % and _ in the query as plain characters", async () => {
    await createUser({ name: "Giulia Rossi", email: "giulia_rossi@example.it" });
    await createUser({ name: "Marco Bianchi", email: "marco@example.it" });
    expect((await listUsers(getDb(), { query: "%" })).map((person) => person.name)).toEqual([]);
    expect((await listUsers(getDb(), { query: "_" })).map((person) => person.name)).toEqual(["Giulia Rossi"]);
  });

  it("lists active people before deactivated ones, by name", async () => {
    const admin = await createUser({ role: "admin", name: "Zeno Admin" });
    const anna = await createUser({ name: "Anna Verdi" });
    await createUser({ name: "Bruno Neri" });
    await setUserActive(getDb(), { id: admin.id }, { userId: anna.id, active: false });
    expect((await listUsers(getDb())).map((person) => person.name)).toEqual(["Bruno Neri", "Zeno Admin", "Anna Verdi"]);
  });

  it("searches through the page's q parameter and returns team names and active teams", async () => {
    const team = await createTeam("Fatturazione");
    const archived = await createTeam("Archiviato");
    const admin = await createUser({ role: "admin", name: "Admin Uno" });
    await setTeamArchived(getDb(), { id: admin.id }, archived.id, true);
    await createUser({ name: "Giulia Rossi", teamId: team.id });
    await createUser({ name: "Marco Bianchi" });
    const cookie = await sessionCookie(admin.id);
    const result = await runRoute(() =>
      loader({ request: makeRequest("/admin/users?q=giulia", { cookie }), params: {}, context: {} }),
    );
    const data = result.data as {
      query: string;
      people: Array<{ name: string; teamName: string | null }>;
      teams: Array<{ name: string }>;
    };
    expect(data.query).toBe("giulia");
    expect(data.people).toMatchObject([{ name: "Giulia Rossi", teamName: "Fatturazione" }]);
    expect(data.teams.map((t) => t.name)).toEqual(["Fatturazione"]);
  });
});
