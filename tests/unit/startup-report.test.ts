import { describe, expect, it } from "vitest";
import { createStartupReport, terminalLocale } from "#app/server/startup-report";
import { createLogger } from "#app/utils/logger.server";

function capture() {
  const lines: string[] = [];
  return { lines, write: (line: string) => lines.push(line) };
}

describe("the start-up report", () => {
  it("tells a person at a terminal what is happening, in Italian, with Italian numbers", async () => {
    const out = capture();
    const report = await createStartupReport({
      terminal: true,
      locale: "it",
      log: createLogger({ json: true, level: "info", write: out.write }),
      write: out.write,
    });
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
    const report = await createStartupReport({
      terminal: true,
      locale: "en",
      log: createLogger({ json: true, level: "info", write: out.write }),
      write: out.write,
    });
    report({ step: "seeded", people: 14, items: 60, tickets: 2000, clusters: 12 });
    expect(out.lines).toEqual(["Demo data: 14 people, 60 items, 2,000 tickets in 12 clusters."]);
  });

  it("keeps JSON lines for log collectors", async () => {
    const out = capture();
    const report = await createStartupReport({
      terminal: false,
      locale: "it",
      log: createLogger({ json: true, level: "info", write: out.write }),
      write: out.write,
    });
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
