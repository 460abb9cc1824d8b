import { describe, expect, it } from "vitest";
import { createStartupReport, terminalLocale } from "#app/server/startup-report";
import { createLogger } from "#app/utils/logger.server";

function capture() {
  const lines: string[] = [];
  return { lines, write: (line: string) => lines.push(line) };
}

/** A report whose sentences (terminal) or JSON log lines (not a terminal) land in `out.lines`. */
async function reportInto(
  out: ReturnType<typeof capture>,
  options: { terminal?: boolean; locale: "it" | "en"; now?: () => number },
) {
  return createStartupReport({
    terminal: options.terminal ?? true,
    locale: options.locale,
    log: createLogger({ json: true, level: "info", write: out.write }),
    write: out.write,
    now: options.now,
  });
}

describe("the start-up report", () => {
  it("tells a person at a terminal what is happening, in Italian, with Italian numbers", async () => {
    const out = capture();
    const report = await reportInto(out, { locale: "it" });
    report({ step: "migrating" });
    report({ step: "seeding" });
    report({ step: "seeded", people: 14, items: 60, tickets: 20_000, clusters: 12 });
    report({ step: "ready", url: "http://localhost:3000", database: "pglite" });
    expect(out.lines).toEqual([
      "Migrazione del database…",
      "Database vuoto: aggiungo i dati di esempio di un contact centre italiano (circa un minuto)…",
      "Dati di esempio: 14 persone, 60 elementi, 20.000 ticket in 12 cluster.",
      "Floorboard è pronto: http://localhost:3000",
    ]);
  });

  it("speaks English when the terminal does", async () => {
    expect(terminalLocale({ LANG: "en_GB.UTF-8" })).toBe("en");
    expect(terminalLocale({ LANG: "it_IT.UTF-8" })).toBe("it");
    expect(terminalLocale({ LANG: "C.UTF-8" })).toBe("it");
    const out = capture();
    const report = await reportInto(out, { locale: "en" });
    report({ step: "seeded", people: 14, items: 60, tickets: 2000, clusters: 12 });
    expect(out.lines).toEqual(["Demo data: 14 people, 60 items, 2,000 tickets in 12 clusters."]);
  });

  it("shows migrations and demo data moving: each part's first line, then at most one a second", async () => {
    const out = capture();
    let clock = 0;
    const report = await reportInto(out, { locale: "en", now: () => clock });
    report({ step: "migrating" });
    for (let current = 1; current <= 21; current++) {
      report({ step: "migration", current, total: 21 });
      clock += 100;
    }
    report({ step: "seeding" });
    report({ step: "seedProgress", stage: "people", done: 0, total: 14 });
    report({ step: "seedProgress", stage: "people", done: 14, total: 14 });
    report({ step: "seedProgress", stage: "items", done: 0, total: 60 });
    report({ step: "seedProgress", stage: "history", done: 0, total: 60 });
    report({ step: "seedProgress", stage: "tickets", done: 500, total: 2018 });
    clock += 400;
    report({ step: "seedProgress", stage: "tickets", done: 1000, total: 2018 });
    clock += 700;
    report({ step: "seedProgress", stage: "tickets", done: 1500, total: 2018 });
    report({ step: "seedProgress", stage: "clusters", done: 45, total: 100 });
    clock += 1500;
    // Clustering can stay at one figure for a while: the line is not repeated.
    report({ step: "seedProgress", stage: "clusters", done: 45, total: 100 });
    report({ step: "seeded", people: 14, items: 60, tickets: 2018, clusters: 18 });
    expect(out.lines).toEqual([
      "Migrating the database…",
      "Migrating the database (1 of 21)…",
      "Migrating the database (11 of 21)…",
      "Migrating the database (21 of 21)…",
      "Empty database: adding demo data for an Italian contact centre (about a minute)…",
      "Adding demo data: people (0 of 14)…",
      "Adding demo data: people, items (0 of 60)…",
      "Adding demo data: people, items, item timelines (0 of 60)…",
      "Adding demo data: people, items, item timelines, tickets (500 of 2,018)…",
      "Adding demo data: people, items, item timelines, tickets (1,500 of 2,018)…",
      "Adding demo data: people, items, item timelines, tickets, clusters (45%)…",
      "Demo data: 14 people, 60 items, 2,018 tickets in 18 clusters.",
    ]);
  });

  it("says the progress in Italian too", async () => {
    const out = capture();
    const report = await reportInto(out, { locale: "it" });
    report({ step: "migration", current: 3, total: 21 });
    report({ step: "seedProgress", stage: "tickets", done: 1200, total: 2018 });
    expect(out.lines).toEqual([
      "Migrazione del database (3 di 21)…",
      "Aggiungo i dati di esempio: persone, elementi, cronologia degli elementi, ticket (1200 di 2018)…",
    ]);
  });

  it("keeps JSON lines for log collectors", async () => {
    const out = capture();
    const report = await reportInto(out, { terminal: false, locale: "it" });
    report({ step: "ready", url: "http://localhost:3000", database: "pglite" });
    expect(out.lines).toHaveLength(1);
    expect(JSON.parse(out.lines[0]!)).toMatchObject({
      level: "info",
      msg: "Floorboard is ready",
      url: "http://localhost:3000",
      database: "pglite",
    });
  });
});
