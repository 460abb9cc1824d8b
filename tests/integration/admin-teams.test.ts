import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { action, loader } from "#app/routes/admin.teams";
import {
  createTeam as createTeamService,
  listTeams,
  renameTeam,
  setTeamArchived,
  teamChoices,
} from "#app/services/teams.server";
import { isActiveTeam } from "#app/services/users.server";
import { getDb } from "#db/client.server";
import { auditLog, teams } from "#db/schema/index";
import { createTeam, createUser, sessionCookie } from "#tests/factories/index";
import { fieldErrors, makeRequest, runRoute } from "#tests/support/routes";

async function adminCookie() {
  const admin = await createUser({ role: "admin" });
  return { admin, cookie: await sessionCookie(admin.id) };
}

function post(cookie: string, form: Record<string, string>) {
  return runRoute(() => action({ request: makeRequest("/admin/teams", { cookie, form }), params: {}, context: {} }));
}

async function auditRows(actionName: string) {
  return getDb().select().from(auditLog).where(eq(auditLog.action, actionName));
}

async function teamByName(name: string) {
  const [team] = await getDb().select().from(teams).where(eq(teams.name, name));
  return team;
}

describe("teams admin", () => {
  it("creates a team and writes an audit row", async () => {
    const { admin, cookie } = await adminCookie();
    const result = await post(cookie, { intent: "create", name: "  Resi e rimborsi  " });
    expect(result.status).toBe(200);
    const team = await teamByName("Resi e rimborsi");
    expect(team).toBeDefined();
    const rows = await auditRows("team.create");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorId: admin.id,
      targetType: "team",
      targetId: team!.id,
      details: { name: "Resi e rimborsi" },
    });
  });

  it("refuses a name that is taken, whatever its case", async () => {
    const { cookie } = await adminCookie();
    await createTeam("Fatturazione");
    const result = await post(cookie, { intent: "create", name: "FATTURAZIONE" });
    expect(result.status).toBe(400);
    expect(fieldErrors((result.data as { create: unknown }).create).name).toEqual(["validation:teamNameTaken"]);
    expect(await getDb().select().from(teams)).toHaveLength(1);
    expect(await auditRows("team.create")).toEqual([]);
  });

  it("refuses a name that is too short or too long", async () => {
    const { cookie } = await adminCookie();
    for (const name of ["X", "x".repeat(61)]) {
      const result = await post(cookie, { intent: "create", name });
      expect(result.status).toBe(400);
      expect(fieldErrors((result.data as { create: unknown }).create).name).toEqual(["validation:teamNameLength"]);
    }
    expect(await getDb().select().from(teams)).toEqual([]);
  });

  it("renames a team and writes an audit row with the old and new name", async () => {
    const { admin, cookie } = await adminCookie();
    const team = await createTeam("Commerciale");
    const result = await post(cookie, { intent: "rename", teamId: team.id, name: "Vendite" });
    expect(result).toMatchObject({ status: 200, data: { renamed: team.id } });
    expect((await teamByName("Vendite"))?.id).toBe(team.id);
    const rows = await auditRows("team.rename");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorId: admin.id,
      targetId: team.id,
      details: { from: "Commerciale", to: "Vendite" },
    });
  });

  it("lets a team change the case of its own name", async () => {
    const { admin } = await adminCookie();
    const team = await createTeam("back office");
    expect(await renameTeam(getDb(), { id: admin.id }, team.id, "Back Office")).toEqual({ ok: true, id: team.id });
  });

  it("refuses to rename a team to another team's name, whatever its case", async () => {
    const { cookie } = await adminCookie();
    await createTeam("Fatturazione");
    const team = await createTeam("Commerciale");
    const result = await post(cookie, { intent: "rename", teamId: team.id, name: "fatturazione" });
    expect(result.status).toBe(400);
    expect(result.data).toEqual({
      formError: { intent: "rename", message: "validation:teamNameTaken", target: team.id },
    });
    expect((await teamByName("Commerciale"))?.id).toBe(team.id);
    expect(await auditRows("team.rename")).toEqual([]);
  });

  it("reports a rename of a missing team and a bad name as row errors", async () => {
    const { admin, cookie } = await adminCookie();
    const missing = "00000000-0000-4000-8000-000000000000";
    expect(await renameTeam(getDb(), { id: admin.id }, missing, "Nuovo")).toEqual({ ok: false, error: "notFound" });
    const team = await createTeam("Commerciale");
    const result = await post(cookie, { intent: "rename", teamId: team.id, name: "X" });
    expect(result.status).toBe(400);
    expect(result.data).toEqual({
      formError: { intent: "rename", message: "validation:teamNameLength", target: team.id },
    });
  });

  it("offers the active teams as choices by name, as the team list shows them", async () => {
    const [zeta, alfa] = [await createTeam("Zeta"), await createTeam("Alfa")];
    await createUser({ teamId: zeta.id });
    const archived = await createTeam("Archiviato");
    await setTeamArchived(getDb(), { id: (await createUser({ role: "admin" })).id }, archived.id, true);
    const choices = await teamChoices(getDb());
    expect(choices).toEqual([
      { id: alfa.id, name: "Alfa" },
      { id: zeta.id, name: "Zeta" },
    ]);
    expect(choices).toEqual((await listTeams(getDb())).map(({ id, name }) => ({ id, name })));
  });

  it("archives and restores a team, each with an audit row", async () => {
    const { admin, cookie } = await adminCookie();
    const team = await createTeam("Back office");
    const member = await createUser({ teamId: team.id });

    expect(await post(cookie, { intent: "archive", teamId: team.id })).toMatchObject({
      status: 200,
      data: { archived: team.id },
    });
    expect((await teamByName("Back office"))?.archivedAt).toBeInstanceOf(Date);
    expect(await isActiveTeam(getDb(), team.id)).toBe(false);
    expect((await listTeams(getDb())).map((t) => t.id)).not.toContain(team.id);
    expect((await teamChoices(getDb())).map((t) => t.id)).not.toContain(team.id);

    expect((await post(cookie, { intent: "restore", teamId: team.id })).status).toBe(200);
    expect((await teamByName("Back office"))?.archivedAt).toBeNull();
    expect(await isActiveTeam(getDb(), team.id)).toBe(true);

    const archive = await auditRows("team.archive");
    const restore = await auditRows("team.restore");
    expect(archive).toHaveLength(1);
    expect(restore).toHaveLength(1);
    expect(archive[0]).toMatchObject({ actorId: admin.id, targetId: team.id, details: { name: "Back office" } });
    expect(restore[0]).toMatchObject({ actorId: admin.id, targetId: team.id });
    // Members stay in an archived team.
    const listed = await listTeams(getDb());
    expect(listed.find((t) => t.id === team.id)?.members).toBe(1);
    expect(member.teamId).toBe(team.id);
  });

  it("reports archiving a missing team", async () => {
    const { admin } = await adminCookie();
    expect(await setTeamArchived(getDb(), { id: admin.id }, "00000000-0000-4000-8000-000000000000", true)).toEqual({
      ok: false,
      error: "notFound",
    });
  });

  it("answers 400 to an unknown intent", async () => {
    const { cookie } = await adminCookie();
    const team = await createTeam("Commerciale");
    const result = await post(cookie, { intent: "delete", teamId: team.id });
    expect(result.status).toBe(400);
    expect(result.thrown).toBe(true);
  });

  it("lists teams with member counts, active ones first, archived ones too on the admin page", async () => {
    const { admin, cookie } = await adminCookie();
    const archived = await createTeam("Archivio");
    const billing = await createTeam("Fatturazione");
    await createTeam("Commerciale");
    await createUser({ teamId: billing.id });
    await createUser({ teamId: billing.id });
    await setTeamArchived(getDb(), { id: admin.id }, archived.id, true);
    const result = await runRoute(() =>
      loader({ request: makeRequest("/admin/teams", { cookie }), params: {}, context: {} }),
    );
    const listed = (result.data as { teams: Array<{ name: string; members: number; archivedAt: Date | null }> }).teams;
    expect(listed.map((t) => [t.name, t.members, t.archivedAt !== null])).toEqual([
      ["Commerciale", 0, false],
      ["Fatturazione", 2, false],
      ["Archivio", 0, true],
    ]);
  });

  it("creates a team without an actor (system) and records no actor", async () => {
    const result = await createTeamService(getDb(), null, "Sistema");
    expect(result.ok).toBe(true);
    const rows = await auditRows("team.create");
    expect(rows[0]?.actorId).toBeNull();
  });
});
