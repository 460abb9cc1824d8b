import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { items } from "#db/schema/index";
import { loader as csvLoader } from "#app/routes/dashboard[.]csv";
import { loader as pageLoader } from "#app/routes/dashboard/route";
import { createTeam, createUser, sessionCookie } from "#tests/factories/index";
import { makeRequest, runRoute } from "#tests/support/routes";

const DAY = 24 * 60 * 60 * 1000;
const args = (path: string, cookie: string) => ({ request: makeRequest(path, { cookie }), params: {}, context: {} });

async function seed() {
  const team = await createTeam("Primo livello");
  const author = await createUser({ teamId: team.id });
  const now = Date.now();
  // One idea 2 days ago in the team, one insight 40 days ago without a team.
  await getDb()
    .insert(items)
    .values([
      {
        kind: "idea",
        title: "Idea recente",
        area: "process",
        channel: "phone",
        teamId: team.id,
        authorId: author.id,
        createdAt: new Date(now - 2 * DAY),
      },
      {
        kind: "insight",
        title: "Osservazione vecchia",
        area: "policy",
        channel: "email",
        authorId: author.id,
        createdAt: new Date(now - 40 * DAY),
      },
    ]);
  return { team };
}

describe("dashboard routes", () => {
  it("are for managers and admins only, the CSV included", async () => {
    const agent = await sessionCookie((await createUser()).id);
    expect((await runRoute(() => pageLoader(args("/dashboard", agent)))).status).toBe(403);
    expect((await runRoute(() => csvLoader(args("/dashboard.csv?chart=items-weekly", agent)))).status).toBe(403);
  });

  it("follow the range and filters in the page and in each chart's CSV", async () => {
    const { team } = await seed();
    const cookie = await sessionCookie((await createUser({ role: "manager" })).id);
    const four = await runRoute(() => pageLoader(args("/dashboard?range=4", cookie)));
    expect(four.status).toBe(200);
    const fourData = four.data as { dashboard: { participation: { totals: { items: number } } }; csvParams: string };
    expect(fourData.dashboard.participation.totals.items).toBe(1);
    expect(fourData.csvParams).toBe("range=4");
    const twelve = await runRoute(() => pageLoader(args("/dashboard?range=12", cookie)));
    expect((twelve.data as typeof fourData).dashboard.participation.totals.items).toBe(2);
    const filtered = await runRoute(() => pageLoader(args(`/dashboard?range=12&area=policy&team=`, cookie)));
    expect((filtered.data as typeof fourData).dashboard.participation.totals.items).toBe(1);

    const csv = await runRoute(() =>
      csvLoader(args(`/dashboard.csv?chart=items-weekly&range=12&team=${team.id}`, cookie)),
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = String(csv.data)
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("week,insight,idea");
    expect(lines).toHaveLength(13);
    // The team's idea, 2 days ago, falls in the last of the twelve weeks.
    expect(lines[12]).toMatch(/^\d{4}-\d{2}-\d{2},0,1$/);
    expect(lines.slice(1, 12).every((line) => line.endsWith(",0,0"))).toBe(true);

    const unknown = await runRoute(() => csvLoader(args("/dashboard.csv?chart=nope", cookie)));
    expect(unknown.status).toBe(404);
  });

  it("reports unusable custom dates and falls back to the last 12 weeks", async () => {
    const cookie = await sessionCookie((await createUser({ role: "admin" })).id);
    const result = await runRoute(() =>
      pageLoader(args("/dashboard?range=custom&from=2026-05-10&to=2026-05-01", cookie)),
    );
    expect(result.status).toBe(200);
    const data = result.data as { errors: Record<string, string>; dashboard: { participation: { items: unknown[] } } };
    expect(data.errors).toEqual({ to: "dashboard:errors.toBeforeFrom" });
    expect(data.dashboard.participation.items).toHaveLength(12);
  });
});
