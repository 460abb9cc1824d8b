import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { describeAuditDetails } from "#app/components/admin/audit-details";
import { i18nOptions, resources } from "#app/i18n/config";

async function italian() {
  const i18n = createInstance();
  await i18n.init({ ...i18nOptions, resources, lng: "it" });
  return i18n.getFixedT("it");
}

function serviceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? serviceFiles(path.join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [path.join(dir, entry.name)]
        : [],
  );
}

describe("the audit log in words", () => {
  it("names every action the services record, in both languages", async () => {
    const actions = new Set(
      serviceFiles(path.resolve("app/services")).flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(/action: "([a-z_]+\.[a-z_]+)"/g)].map((match) => match[1]!),
      ),
    );
    expect(actions.size).toBeGreaterThan(15);
    const i18n = createInstance();
    await i18n.init({ ...i18nOptions, resources, lng: "it" });
    for (const locale of ["it", "en"] as const) {
      const missing = [...actions].filter((action) => !i18n.exists(`admin:audit.actions.${action}`, { lng: locale }));
      expect(missing, locale).toEqual([]);
    }
  });

  it("shows details as labelled words, not JSON or codes", async () => {
    const t = await italian();
    const teamName = (id: string) => (id === "t1" ? "Fatturazione" : undefined);
    expect(
      describeAuditDetails({ name: "TV sala", panels: ["whiteboard", "qr"] }, { t, locale: "it", teamName }),
    ).toEqual([
      { label: "Nome", value: "TV sala" },
      { label: "Pannelli", value: "Lavagna, Codice QR per pubblicare un'idea" },
    ]);
    expect(
      describeAuditDetails(
        { email: "a@b.it", from: { role: "agent", teamId: "t1" }, to: { role: "manager", teamId: null } },
        { t, locale: "it", teamName },
      ),
    ).toEqual([
      { label: "Email", value: "a@b.it" },
      { label: "Prima", value: "Ruolo: Operatore, Team: Fatturazione" },
      { label: "Dopo", value: "Ruolo: Supervisore, Team: —" },
    ]);
    expect(
      describeAuditDetails(
        { filename: "x.csv", was: "running", rowsProcessed: 12000, invitationId: "abc" },
        { t, locale: "it", teamName },
      ),
    ).toEqual([
      { label: "File", value: "x.csv" },
      { label: "Stato precedente", value: "In corso" },
      { label: "Righe lette", value: "12.000" },
    ]);
    expect(describeAuditDetails({ number: 4, into: [7, 8], sizeBytes: 2048 }, { t, locale: "it", teamName })).toEqual([
      { label: "Numero", value: "#4" },
      { label: "In", value: "#7, #8" },
      { label: "Dimensione", value: "2 KB" },
    ]);
  });
});
