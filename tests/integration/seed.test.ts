import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signIn } from "#app/auth/sign-in.server";
import { findUserByEmail } from "#app/services/users.server";
import { getDb } from "#db/client.server";
import { DEMO_PASSWORD, demoLogins, seedDemoData, seedStages, type SeedStage } from "#app/services/demo/seed.server";
import { problems } from "#app/services/demo/ticket-texts";
import { clusters, items, teams, tickets, users } from "#db/schema/index";
import { createTeam } from "#tests/factories/index";

const italianTeams = ["Assistenza tecnica", "Back office", "Commerciale", "Fatturazione", "Resi e rimborsi"];

describe("seedDemoData", () => {
  it("creates the three demo logins with the demo password and their roles", async () => {
    const result = await seedDemoData(getDb());
    expect(result.seeded).toBe(true);
    // What `npm start` reports is what was stored.
    expect(result.seeded && result.counts).toEqual({
      people: (await getDb().select().from(users)).length,
      items: (await getDb().select().from(items)).length,
      tickets: (await getDb().select().from(tickets)).length,
      clusters: (await getDb().select().from(clusters)).length,
    });
    expect(DEMO_PASSWORD).toBe("floorboard-demo");
    expect(demoLogins.map((login) => login.role)).toEqual(["admin", "manager", "agent"]);
    for (const login of demoLogins) {
      const result = await signIn(getDb(), { email: login.email, password: "floorboard-demo", ip: "10.0.0.1" });
      expect(result, login.email).toMatchObject({ ok: true });
      expect((await findUserByEmail(getDb(), login.email))?.role).toBe(login.role);
    }
  });

  it("has everyone the README offers as a demo login, with the role it says, a second agent and manager among them", async () => {
    await seedDemoData(getDb());
    const readme = readFileSync("README.md", "utf8");
    const listed = [...readme.matchAll(/^\| `([^`]+@floorboard\.test)` \| (admin|manager|agent) \|/gm)].map(
      (match) => ({ email: match[1]!, role: match[2]! }),
    );
    expect(listed.filter((person) => person.role === "agent").length).toBeGreaterThanOrEqual(2);
    expect(listed.filter((person) => person.role === "manager").length).toBeGreaterThanOrEqual(2);
    for (const person of listed)
      expect((await findUserByEmail(getDb(), person.email))?.role, person.email).toBe(person.role);
  });

  it("creates the Italian teams and puts everyone in one", async () => {
    await seedDemoData(getDb());
    const names = (await getDb().select({ name: teams.name }).from(teams)).map((team) => team.name).sort();
    expect(names).toEqual(italianTeams);
    const people = await getDb().select().from(users);
    expect(people.length).toBeGreaterThanOrEqual(10);
    expect(people.filter((person) => person.teamId === null)).toEqual([]);
    const manager = await findUserByEmail(getDb(), "manager@floorboard.test");
    const [team] = await getDb().select().from(teams).where(eq(teams.id, manager!.teamId!));
    expect(team?.name).toBe("Assistenza tecnica");
  });

  it("writes demo tickets mostly in Italian, each problem with many different subjects", async () => {
    await seedDemoData(getDb());
    const rows = await getDb()
      .select({
        externalId: tickets.externalId,
        subject: tickets.subject,
        body: tickets.body,
        language: tickets.language,
      })
      .from(tickets);
    expect(rows.length).toBeGreaterThan(1500);
    const italian = rows.filter((row) => row.language === "it");
    expect(italian.length / rows.length).toBeGreaterThanOrEqual(0.8);
    expect(rows.some((row) => row.language === "en")).toBe(true);
    // Bodies are put together from parts: hardly two alike.
    expect(new Set(rows.map((row) => row.body)).size / rows.length).toBeGreaterThan(0.9);
    for (const problem of problems) {
      // "Re: Pacco non consegnato" is the same subject as "Pacco non consegnato".
      const subjects = new Set(
        italian
          .filter((row) => row.externalId.startsWith(`demo-${problem.key}-`))
          .map((row) => row.subject.replace(/^(re|r|i|fwd|urgente)\s*[:-]\s*/i, "").toLowerCase()),
      );
      expect(subjects.size, problem.key).toBeGreaterThanOrEqual(10);
    }
  });

  it("reports its progress part by part, in order, each part counting up to its total", async () => {
    const reports: Array<{ stage: SeedStage; done: number; total: number }> = [];
    const result = await seedDemoData(getDb(), { onProgress: (progress) => reports.push(progress) });
    expect(result.seeded).toBe(true);
    // Every part is reported, in the order the start-up sentence lists them.
    const order = reports.map((report) => report.stage).filter((stage, i, all) => stage !== all[i - 1]);
    expect(order).toEqual([...seedStages]);
    for (const stage of seedStages) {
      const mine = reports.filter((report) => report.stage === stage);
      expect(mine.length, stage).toBeGreaterThanOrEqual(2);
      expect(new Set(mine.map((report) => report.total)).size, stage).toBe(1);
      const counts = mine.map((report) => report.done);
      expect(counts, stage).toEqual([...counts].sort((a, b) => a - b));
      expect(counts[0], stage).toBeLessThan(counts.at(-1)!);
      if (stage !== "clusters") expect(counts.at(-1), stage).toBe(mine[0]!.total);
    }
    // The totals are what was stored.
    const total = (stage: SeedStage) => reports.find((report) => report.stage === stage)!.total;
    expect(result.seeded && [total("people"), total("items"), total("tickets")]).toEqual(
      result.seeded && [result.counts.people, result.counts.items, result.counts.tickets],
    );
    // A seed that finds its data already there has nothing to report.
    const again: unknown[] = [];
    await seedDemoData(getDb(), { onProgress: (progress) => again.push(progress) });
    expect(again).toEqual([]);
  });

  it("is idempotent", async () => {
    await seedDemoData(getDb());
    const before = await getDb().select({ id: users.id }).from(users);
    expect(await seedDemoData(getDb())).toEqual({ seeded: false });
    expect(await getDb().select({ id: users.id }).from(users)).toHaveLength(before.length);
    expect(await getDb().select().from(teams)).toHaveLength(italianTeams.length);
  });

  it("puts demo people in a team of the same name that already exists", async () => {
    // Say the first admin typed the example from the setup page.
    const existing = await createTeam("assistenza tecnica");
    await seedDemoData(getDb());
    expect((await findUserByEmail(getDb(), "manager@floorboard.test"))?.teamId).toBe(existing.id);
    expect((await findUserByEmail(getDb(), "agent@floorboard.test"))?.teamId).toBe(existing.id);
    expect(await getDb().select().from(teams)).toHaveLength(italianTeams.length);
  });
});
