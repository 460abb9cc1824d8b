import { expectNoSeriousA11yViolations } from "./support/a11y";
import { settle, submitAndWait, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

test("an admin uploads a Zendesk CSV, previews it, imports it and sees the counts", async ({ adminPage: page }) => {
  const run = Date.now().toString(36);
  const csv = [
    "Id;Subject;Description;Status;Via;Created at;Satisfaction Score",
    `E2E-${run}-1;Addebito doppio;"Scrivetemi a cliente@example.it\nper favore";Open;Email;05/03/2024 09:15;Good`,
    `E2E-${run}-2;App lenta;L'app si blocca al login;Solved;Chat;06/03/2024 10:00;4`,
    `E2E-${run}-3;Data sbagliata;Testo;Open;Phone;ieri;`,
  ].join("\r\n");

  await visit(page, "/admin");
  await page.getByRole("link", { name: "Importazioni" }).click();
  await expect(page.getByRole("heading", { name: "Importazione dei ticket", level: 1 })).toBeVisible();
  await settle(page);
  await expectNoSeriousA11yViolations(page);

  await page
    .getByLabel("File CSV")
    .setInputFiles({ name: "ticket-e2e.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByLabel("Esportazione di Zendesk").check();
  await submitAndWait(page, () => page.getByRole("button", { name: "Carica e mostra l'anteprima" }).click());

  await expect(page.getByRole("heading", { name: "Anteprima di ticket-e2e.csv", level: 1 })).toBeVisible();
  await expect(page.getByText("colonne separate da “;”")).toBeVisible();
  await expect(page.getByLabel(/^Oggetto/)).toHaveValue("Subject");
  const rows = page.getByRole("row");
  await expect(rows.filter({ hasText: `E2E-${run}-1` }).getByText("OK")).toBeVisible();
  // Statuses and channels in Italian, not as codes.
  await expect(
    rows.filter({ hasText: `E2E-${run}-2` }).getByRole("cell", { name: "Risolto", exact: true }),
  ).toBeVisible();
  await expect(rows.filter({ hasText: `E2E-${run}-2` }).getByRole("cell", { name: "Chat", exact: true })).toBeVisible();
  await expect(
    rows.filter({ hasText: `E2E-${run}-1` }).getByRole("cell", { name: "Aperto", exact: true }),
  ).toBeVisible();
  await expect(page.getByRole("cell", { name: /^(resolved|open|web_form|email)$/ })).toHaveCount(0);
  await expect(rows.filter({ hasText: `E2E-${run}-3` }).getByText(/Non è una data/)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await submitAndWait(page, () => page.getByRole("button", { name: "Avvia l'importazione" }).click());
  await expect(page.getByRole("heading", { name: "Importazione di ticket-e2e.csv", level: 1 })).toBeVisible();
  const progress = page.getByRole("progressbar", { name: "Avanzamento dell'importazione" });
  await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 20_000 });
  await expect(page.getByText("Completata")).toBeVisible();
  await expect(page.getByTestId("count-inserted")).toHaveText("2");
  await expect(page.getByTestId("count-updated")).toHaveText("0");
  await expect(page.getByTestId("count-failed")).toHaveText("1");
  const failed = page.getByRole("row").filter({ hasText: `E2E-${run}-3` });
  await expect(failed.getByRole("cell", { name: "5", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Scarica le righe scartate (CSV)" })).toBeVisible();
  await settle(page);
  await expectNoSeriousA11yViolations(page);

  const download = await page.request.get(page.url().replace(/\/?$/, "/errors.csv"));
  expect(download.status()).toBe(200);
  expect(await download.text()).toContain(`E2E-${run}-3`);

  await visit(page, "/admin/imports");
  await expect(page.getByRole("link", { name: "Apri l'importazione di ticket-e2e.csv" }).first()).toBeVisible();
});

test("an admin discards an upload left at the preview", async ({ adminPage: page }) => {
  const csv = ["Id;Subject;Created at", `E2E-${Date.now().toString(36)};Da scartare;05/03/2024 09:15`].join("\r\n");
  const filename = `scartato-${Date.now().toString(36)}.csv`;
  await visit(page, "/admin/imports");
  await page
    .getByLabel("File CSV")
    .setInputFiles({ name: filename, mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await submitAndWait(page, () => page.getByRole("button", { name: "Carica e mostra l'anteprima" }).click());
  await expect(page.getByRole("heading", { name: `Anteprima di ${filename}`, level: 1 })).toBeVisible();

  await page.getByText("Elimina il caricamento", { exact: true }).click();
  await expect(page.getByText(`Eliminare il file caricato ${filename} senza importarlo?`)).toBeVisible();
  await settle(page);
  await expectNoSeriousA11yViolations(page);
  await submitAndWait(page, () => page.getByRole("button", { name: "Sì, eliminalo" }).click());
  await expect(page.getByRole("heading", { name: "Importazione dei ticket", level: 1 })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Il caricamento è stato eliminato." })).toBeVisible();
  await expect(page.getByRole("link", { name: `Apri l'importazione di ${filename}` })).toHaveCount(0);
});
