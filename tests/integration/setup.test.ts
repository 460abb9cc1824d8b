import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getOptionalUser } from "#app/auth/require.server";
import { signIn } from "#app/auth/sign-in.server";
import { hashPassword } from "#app/auth/password.server";
import { loader as loginLoader } from "#app/routes/login";
import { action as setupAction, loader as setupLoader } from "#app/routes/setup";
import { createFirstAdmin, needsSetup } from "#app/services/setup.server";
import { countActiveAdmins, findUserByEmail } from "#app/services/users.server";
import { getDb } from "#db/client.server";
import { auditLog, teams, users } from "#db/schema/index";
import { createTeam, createUser } from "#tests/factories/index";
import { cookiePair, fieldErrors, makeRequest, runRoute } from "#tests/support/routes";

const form = {
  name: "Giulia Rossi",
  email: "Giulia.Rossi@Example.it",
  password: "una password lunga",
  teamName: "Back office",
};

function submit(values: Record<string, string>, headers: Record<string, string> = {}) {
  return runRoute(() =>
    setupAction({ request: makeRequest("/setup", { form: values, headers }), params: {}, context: {} }),
  );
}

describe("first-run setup", () => {
  it("is where an empty database sends the sign-in page", async () => {
    expect(await needsSetup(getDb())).toBe(true);
    const result = await runRoute(() => loginLoader({ request: makeRequest("/login"), params: {}, context: {} }));
    expect(result.status).toBe(302);
    expect(result.location).toBe("/setup");
    expect((await runRoute(() => setupLoader())).status).toBe(200);
  });

  it("creates the admin, the team and an audit row, and signs the admin in", async () => {
    const result = await submit(form, { "accept-language": "en-US,en;q=0.8" });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/admin");

    const admin = await findUserByEmail(getDb(), "giulia.rossi@example.it");
    expect(admin).toMatchObject({
      name: "Giulia Rossi",
      email: "giulia.rossi@example.it",
      role: "admin",
      locale: "en",
    });
    const [team] = await getDb().select().from(teams);
    expect(team?.name).toBe("Back office");
    expect(admin?.teamId).toBe(team?.id);

    const audit = await getDb().select().from(auditLog);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "setup.complete",
      actorId: admin!.id,
      targetType: "user",
      targetId: admin!.id,
      details: { email: "giulia.rossi@example.it", teamName: "Back office" },
    });

    const cookie = cookiePair(result.headers.get("set-cookie"), "fb_session");
    expect((await getOptionalUser(makeRequest("/admin", { cookie: cookie! })))?.id).toBe(admin!.id);
    expect(
      await signIn(getDb(), { email: "giulia.rossi@example.it", password: form.password, ip: "10.0.0.1" }),
    ).toMatchObject({
      ok: true,
    });
  });

  it("is gone once an admin exists: the page and the form redirect to sign in", async () => {
    expect((await submit(form)).status).toBe(302);
    const page = await runRoute(() => setupLoader());
    expect(page.status).toBe(302);
    expect(page.location).toBe("/login");
    const again = await submit({ ...form, email: "intruso@example.it" });
    expect(again.location).toBe("/login");
    expect(await findUserByEmail(getDb(), "intruso@example.it")).toBeUndefined();
    expect(await countActiveAdmins(getDb())).toBe(1);
  });

  it("returns field errors and creates nothing for a bad form", async () => {
    const result = await submit({ name: "G", email: "not-an-email", password: "corta", teamName: "" });
    expect(result.status).toBe(400);
    expect(fieldErrors(result.data)).toMatchObject({
      name: ["validation:nameLength"],
      email: ["validation:emailInvalid"],
      password: ["validation:passwordMin"],
      teamName: ["validation:required"],
    });
    expect(JSON.stringify(result.data)).not.toContain("corta");
    expect(await getDb().select().from(users)).toEqual([]);
    expect(await needsSetup(getDb())).toBe(true);
  });

  it("reuses an existing team of the same name, whatever its case", async () => {
    const team = await createTeam("Back Office");
    expect((await submit(form)).status).toBe(302);
    expect(await getDb().select().from(teams)).toHaveLength(1);
    expect((await findUserByEmail(getDb(), form.email))?.teamId).toBe(team.id);
  });

  it("refuses an email that already belongs to someone", async () => {
    await createUser({ role: "agent", email: "giulia.rossi@example.it" });
    const result = await submit(form);
    expect(result.status).toBe(400);
    expect(fieldErrors(result.data).email).toEqual(["validation:emailTaken"]);
    expect(await countActiveAdmins(getDb())).toBe(0);
  });

  it("creates exactly one admin when two people submit at the same moment", async () => {
    const passwordHash = await hashPassword("una password lunga");
    const results = await Promise.all([
      createFirstAdmin(getDb(), { name: "Prima Persona", email: "prima@example.it", passwordHash, teamName: "Team A" }),
      createFirstAdmin(getDb(), {
        name: "Seconda Persona",
        email: "seconda@example.it",
        passwordHash,
        teamName: "Team B",
      }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, error: "alreadyDone" }]);
    expect(await getDb().select().from(users).where(eq(users.role, "admin"))).toHaveLength(1);
    expect(await getDb().select().from(teams)).toHaveLength(1);
    expect(await getDb().select().from(auditLog)).toHaveLength(1);
  });

  it("counts a deactivated admin as setup done", async () => {
    const admin = await createUser({ role: "admin" });
    await getDb().update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, admin.id));
    expect(await needsSetup(getDb())).toBe(false);
  });
});
