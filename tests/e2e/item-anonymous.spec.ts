import { expectNoSeriousA11yViolations } from "./support/a11y";
import { AGENT } from "./support/accounts";
import { fillTitle, uniqueToken } from "./support/items";
import { settle, submitAndWait, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

/** The CSV export's rows as arrays of cells (cells with the delimiter, quotes or line breaks are quoted). */
function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === delimiter) {
      row.push(cell);
      cell = "";
    } else if (char === "\n") {
      row.push(cell.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      cell = "";
    } else {
      cell += char;
    }
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

test("an anonymous insight never shows its author to others, on the page, the board or the CSV", async ({
  agentPage: page,
  otherAgentPage: colleague,
}) => {
  const token = uniqueToken("anon");
  const title = `Il capoturno chiede di chiudere le chiamate in 4 minuti ${token}`;
  await visit(page, "/items/new");
  await page.getByRole("radio", { name: /^Osservazione/ }).check();
  await fillTitle(page, title);
  await page.getByLabel("Causa").selectOption({ label: "Regole aziendali" });
  await page.getByLabel("Dettagli").fill("I clienti con problemi complessi richiamano il giorno dopo.");
  await page.getByLabel("Pubblica in forma anonima").check();
  await expectNoSeriousA11yViolations(page);
  await submitAndWait(page, () => page.getByRole("button", { name: "Pubblica" }).click());
  await expect(page).toHaveURL(/\/items\/\d+$/);
  const itemUrl = new URL(page.url()).pathname;
  // The author sees that it is hers, and that nobody else does.
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByText("Anonimo — solo tu vedi che è tuo")).toBeVisible();
  await visit(page, `/board?q=${token}`);
  await expect(page.getByRole("article").filter({ hasText: title })).toContainText("Anonimo — solo tu vedi che è tuo");

  await visit(colleague, itemUrl);
  await expect(colleague.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(colleague.getByText(new RegExp(`^#${itemUrl.split("/").pop()} · .+ · Anonimo · `))).toBeVisible();
  await expect(colleague.getByText("Anonimo l'ha pubblicato")).toBeVisible();
  // Not in the text, nor anywhere in the HTML (the data for the page included).
  await expect(colleague.locator("body")).not.toContainText(AGENT.name);
  const html = await colleague.content();
  for (const trace of [AGENT.name, AGENT.email, "sara.esposito"]) expect(html).not.toContain(trace);
  await expectNoSeriousA11yViolations(colleague);

  await visit(colleague, `/board?q=${token}`);
  const card = colleague.getByRole("article");
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(title);
  await expect(card).toContainText("Anonimo");
  await expect(colleague.locator("body")).not.toContainText(AGENT.name);
  expect(await colleague.content()).not.toContain(AGENT.name);
  await expectNoSeriousA11yViolations(colleague);

  // The export link carries the search; the file leaves the author blank.
  const exportHref = await colleague.getByRole("link", { name: "Scarica CSV" }).getAttribute("href");
  expect(exportHref).toBe(`/board.csv?q=${token}`);
  const csv = await colleague.request.get(exportHref ?? "");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const body = await csv.text();
  expect(body).not.toContain(AGENT.name);
  expect(body).not.toContain(AGENT.email);
  // An Italian reader gets Italian headers and ";", as Italian Excel expects.
  const [header, ...rows] = parseCsv(body.replace(/^\uFEFF/, ""), ";");
  expect(rows).toHaveLength(1);
  const row = Object.fromEntries((header ?? []).map((name, index) => [name, rows[0]?.[index]]));
  expect(row.Titolo).toBe(title);
  expect(row.Autore).toBe("");
  expect(row.Indirizzo).toMatch(new RegExp(`${itemUrl}$`));
  await settle(colleague);
});
