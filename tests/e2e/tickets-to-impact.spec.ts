import type { Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { fillTitle, uniqueToken } from "./support/items";
import { settle, submitAndWait, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

const BILLING = "Conguaglio e addebiti in bolletta";

async function billingClusterSize(page: Page): Promise<number> {
  await visit(page, "/clusters");
  await page.getByRole("link", { name: BILLING }).click();
  await settle(page);
  const meta = await page.getByText(/^Cluster \d+ · [\d.]+ ticket/).textContent();
  return Number(/· ([\d.]+) ticket/.exec(meta ?? "")?.[1]?.replace(/\./g, ""));
}

test("tickets imported from a helpdesk export join their cluster, which becomes an idea with its impact on the board", async ({
  adminPage: page,
}) => {
  test.setTimeout(120_000);
  const before = await billingClusterSize(page);
  expect(before).toBeGreaterThan(0);

  // A Zendesk export, as Italian Excel saves it: ';' separators and dd/mm/yyyy dates.
  const run = Date.now().toString(36);
  const today = new Date();
  const day = `${String(today.getDate()).padStart(2, "0")}/${String(today.getMonth() + 1).padStart(2, "0")}/${today.getFullYear()}`;
  const csv = [
    "Id;Subject;Description;Status;Via;Created at;Satisfaction Score",
    `J-${run}-1;Conguaglio non chiaro in bolletta;La voce conguaglio in bolletta non è spiegata, l'importo è il doppio del solito;Open;Email;${day} 09:15;Bad`,
    `J-${run}-2;Addebito doppio in bolletta;Mi avete addebitato due volte il canone in bolletta, chiedo lo storno dell'importo;Open;Phone;${day} 10:30;`,
    `J-${run}-3;Bolletta troppo alta;In bolletta trovo un conguaglio che non capisco, scrivete a mario.rossi@example.it;Solved;Chat;${day} 11:00;Good`,
  ].join("\r\n");

  await visit(page, "/admin/imports");
  await page
    .getByLabel("File CSV")
    .setInputFiles({ name: "bollette.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByLabel("Esportazione di Zendesk").check();
  await submitAndWait(page, () => page.getByRole("button", { name: "Carica e mostra l'anteprima" }).click());
  await expect(page.getByRole("heading", { name: "Anteprima di bollette.csv", level: 1 })).toBeVisible();
  await submitAndWait(page, () => page.getByRole("button", { name: "Avvia l'importazione" }).click());
  const progress = page.getByRole("progressbar", { name: "Avanzamento dell'importazione" });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
  await expect(page.getByTestId("count-inserted")).toHaveText("3");
  await expect(page.getByTestId("count-failed")).toHaveText("0");

  // New tickets are assigned to their nearest cluster by a background job.
  await expect
    .poll(() => billingClusterSize(page), { timeout: 30_000, intervals: [1_000] })
    .toBeGreaterThanOrEqual(before + 3);
  // The personal data in the export never reached the page.
  await expect(page.getByText("mario.rossi@example.it")).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("link", { name: "Proponi un'idea da questo cluster" }).click();
  await settle(page);
  await expect(page.getByText(`Collegato a: ${BILLING}`)).toBeVisible();
  const token = uniqueToken("import");
  const title = `Bolletta con il conguaglio spiegato riga per riga ${token}`;
  await fillTitle(page, title);
  await page.getByLabel("Causa").selectOption({ label: "Processo" });
  await page.getByRole("button", { name: "Pubblica" }).click();
  await settle(page);
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByTestId("item-impact")).toContainText(/Impatto: [\d,]+ ticket a settimana/);

  await visit(page, `/board?sort=impact&q=${token}`);
  await expect(page.getByRole("heading", { name: title, level: 2 })).toBeVisible();
  await expect(page.getByText(/Impatto: [\d,]+ ticket\/settimana/)).toBeVisible();
});
