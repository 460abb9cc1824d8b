// Read-only checks on the demo data: sorting, filters, paging and the CSV export of the board.
import type { Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { settle, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

type Card = { number: number; votes: number; status: string };

/** Number, vote count and status of every card on the board page, top to bottom. */
async function cards(page: Page): Promise<Card[]> {
  return page.getByRole("article").evaluateAll((articles) =>
    articles.map((article) => {
      const text = article.textContent ?? "";
      const voteBox = article.firstElementChild;
      // An open vote is a button named with its count; a closed one says it in hidden text.
      const voteText = voteBox?.getAttribute("aria-label") ?? voteBox?.querySelector(".sr-only")?.textContent ?? "";
      const badges = [...article.querySelectorAll("span[class^='badge-']")].map((badge) => badge.textContent ?? "");
      return {
        number: Number(/#(\d+) ·/.exec(text)?.[1]),
        votes: Number(/(\d+) vot[oi]/.exec(voteText)?.[1]),
        status: badges[0] ?? "",
      };
    }),
  );
}

test("the board sorts, filters, pages and exports what it shows", async ({ agentPage: page }) => {
  const sortNav = page.getByRole("navigation", { name: "Ordina per" });
  await expect(sortNav.getByRole("link", { name: "Più votati" })).toHaveAttribute("aria-current", "page");
  const top = await cards(page);
  expect(top.length).toBe(50);
  for (const card of top) {
    expect(Number.isInteger(card.number) && Number.isInteger(card.votes), JSON.stringify(card)).toBe(true);
  }
  // Most votes first.
  expect(top.map((card) => card.votes)).toEqual([...top.map((card) => card.votes)].sort((a, b) => b - a));
  // Merged duplicates stay off the board unless asked for.
  expect(top.map((card) => card.status)).not.toContain("Duplicato");

  await sortNav.getByRole("link", { name: "Più recenti" }).click();
  await expect(page).toHaveURL(/\/board\?sort=new$/);
  await expect(sortNav.getByRole("link", { name: "Più recenti" })).toHaveAttribute("aria-current", "page");
  await expect(sortNav.getByRole("link", { name: "Più votati" })).not.toHaveAttribute("aria-current", "page");
  await settle(page);
  const newest = await cards(page);
  expect(newest.map((card) => card.number)).toEqual([...newest.map((card) => card.number)].sort((a, b) => b - a));
  await expectNoSeriousA11yViolations(page);

  // "Show more" continues right after the last card, without repeating any.
  await page.getByRole("link", { name: "Mostra altri" }).click();
  await expect(page).toHaveURL(/[?&]cursor=/);
  await expect(page.getByRole("article").first()).not.toContainText(`#${newest[0]?.number} ·`);
  await settle(page);
  const older = await cards(page);
  expect(older.length).toBeGreaterThan(0);
  const lastOnFirstPage = newest.at(-1)?.number ?? 0;
  for (const card of older) expect(card.number).toBeLessThan(lastOnFirstPage);
  await expectNoSeriousA11yViolations(page);

  // Filters live in a <details>; applying one keeps the sort and opens it again with a count.
  await visit(page, "/board?sort=new");
  const filters = page.locator("details").filter({ has: page.locator("summary", { hasText: "Filtri" }) });
  await expect(filters.getByLabel("Stato")).toBeHidden();
  await filters.locator("summary").click();
  await expect(filters.getByLabel("Stato")).toBeVisible();
  await filters.getByLabel("Stato").selectOption({ label: "Fatto" });
  await filters.getByLabel("Tipo").selectOption({ label: "Idea" });
  await filters.getByRole("button", { name: "Applica" }).click();
  await expect(page).toHaveURL(/status=done/);
  await expect(page).toHaveURL(/kind=idea/);
  await expect(page).toHaveURL(/sort=new/);
  await settle(page);
  await expect(filters.locator("summary")).toHaveText("Filtri (2)");
  await expect(filters).toHaveAttribute("open", "");
  const done = await cards(page);
  expect(done.length).toBeGreaterThan(0);
  for (const card of done) expect(card.status).toBe("Fatto");
  await expect(page.getByRole("article").filter({ hasNotText: "Idea" })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  // The CSV export carries the same filters (and no cursor), so it holds the same items.
  const exportLink = page.getByRole("link", { name: "Scarica CSV" });
  const href = (await exportLink.getAttribute("href")) ?? "";
  expect(new URL(href, page.url()).searchParams.get("status")).toBe("done");
  const csv = await page.request.get(href);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-disposition"]).toMatch(
    /^attachment; filename="floorboard-items-\d{4}-\d{2}-\d{2}\.csv"$/,
  );
  const lines = (await csv.text())
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .filter(Boolean);
  // An Italian reader gets Italian headers and ';', as Italian Excel expects.
  expect(lines[0]).toBe(
    "Numero;Titolo;Tipo;Stato;Causa;Canale;Team;Etichette;Voti;Commenti;Autore;Responsabile;Data prevista;In ritardo;Pubblicato il;Indirizzo",
  );
  const exported = lines
    .slice(1)
    .map((line) => Number(line.split(";")[0]))
    .sort((a, b) => b - a);
  expect(exported).toEqual(done.map((card) => card.number));

  // A search narrows further; clearing the filters keeps only the sort.
  await page.getByRole("searchbox", { name: "Cerca tra gli elementi" }).fill("sondaggio");
  await page.getByRole("button", { name: "Cerca", exact: true }).click();
  await expect(page).toHaveURL(/q=sondaggio/);
  await expect(page).toHaveURL(/status=done/);
  await expect(
    page.getByRole("article").filter({ hasText: "Un solo sondaggio ogni 30 giorni per cliente" }),
  ).toBeVisible();
  await expect.poll(() => page.getByRole("article").count()).toBeLessThan(done.length);
  await settle(page);
  for (const card of await cards(page)) expect(card.status).toBe("Fatto");
  await page.getByRole("link", { name: "Azzera i filtri" }).click();
  await expect(page).toHaveURL(/\/board\?sort=new$/);
  await settle(page);
  await expect(filters.locator("summary")).toHaveText("Filtri");
  await expect(page.getByRole("article")).toHaveCount(50);
});
