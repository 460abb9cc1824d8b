import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { guardBuild, guardRouteFunction, waitForDatabase } from "#app/server/outage";

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

type Thrown = { status?: number };

async function thrownBy(run: () => Promise<unknown>): Promise<Thrown> {
  try {
    await run();
  } catch (error) {
    return error as Thrown;
  }
  throw new Error("expected a throw");
}

describe("starting against a database that is not there", () => {
  it("retries with doubling delays, one line each, and starts once it answers", async () => {
    const lines: string[] = [];
    const sleeps: number[] = [];
    let calls = 0;
    const ok = await waitForDatabase({
      probe: async () => {
        calls += 1;
        if (calls <= 3) throw new Error("Failed query: select 1", { cause: refused() });
      },
      where: "db.example:5432",
      log: (line) => lines.push(line),
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(ok).toBe(true);
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(lines[0]).toBe(
      "Cannot reach the database at db.example:5432 (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432); retrying in 1 s.",
    );
    expect(lines.at(-1)).toBe("The database at db.example:5432 answers again; starting.");
    expect(lines.every((line) => !line.includes("\n"))).toBe(true);
  });

  it("gives up after a while, saying so in one line", async () => {
    const lines: string[] = [];
    const ok = await waitForDatabase({
      probe: async () => {
        throw refused();
      },
      where: "db.example:5432",
      totalMs: 10_000,
      log: (line) => lines.push(line),
      sleep: async () => {},
    });
    expect(ok).toBe(false);
    expect(lines.at(-1)).toMatch(
      /^Cannot reach the database at db\.example:5432 after 10 s \(ECONNREFUSED.*\); giving up\.$/,
    );
  });

  it("does not wait for an error that retrying cannot fix", async () => {
    const wrongPassword = Object.assign(new Error("password authentication failed"), { code: "28P01" });
    await expect(
      waitForDatabase({
        probe: async () => Promise.reject(wrongPassword),
        where: "x",
        log: () => {},
        sleep: async () => {},
      }),
    ).rejects.toBe(wrongPassword);
  });
});

describe("pages while the database is away", () => {
  it("answer 503 for an outage, 400 for a refused value, and pass everything else through", async () => {
    const outage = await thrownBy(
      guardRouteFunction(async () => Promise.reject(new Error("Failed query", { cause: refused() }))),
    );
    expect(outage).toBeInstanceOf(Response);
    expect(outage).toMatchObject({ status: 503 });
    const refusedValue = Object.assign(new Error("value out of range for type integer"), { code: "22003" });
    expect(await thrownBy(guardRouteFunction(async () => Promise.reject(refusedValue)))).toMatchObject({ status: 400 });
    const bug = new Error("a bug");
    expect(await thrownBy(guardRouteFunction(async () => Promise.reject(bug)))).toBe(bug);
    const notFound = new Response("Not found", { status: 404 });
    expect(await thrownBy(guardRouteFunction(async () => Promise.reject(notFound)))).toBe(notFound);
    expect(await guardRouteFunction(async () => "fine")()).toBe("fine");
  });

  it("guards every route of a server build", async () => {
    const build = {
      routes: {
        root: { id: "root", path: "", module: { default: () => null, loader: async () => Promise.reject(refused()) } },
      },
    } as unknown as ServerBuild;
    const guarded = guardBuild(build);
    const loader = guarded.routes.root!.module.loader as () => Promise<unknown>;
    expect(await thrownBy(loader)).toMatchObject({ status: 503 });
    expect(guarded.routes.root!.module.default).toBe(build.routes.root!.module.default);
  });
});
