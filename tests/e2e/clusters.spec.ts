import { expectNoSeriousA11yViolations } from "./support/a11y";
import { fillTitle, uniqueToken } from "./support/items";
import { settle, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

const BILLING = "Conguaglio e addebiti in bolletta";

test("a manager finds a costly cluster, posts an idea from it and sees its impact on the board", async ({
  managerPage: page,
}) => {
  await visit(page, "/clusters");
  await expect(page.getByRole("heading", { name: "Cluster di ticket", level: 1 })).toBeVisible();
  const table = page.getByRole("table");
  await expect(table.locator("caption")).toContainText("cluster");
  await expect(page.getByRole("columnheader", { name: /Ticket$/ })).toHaveAttribute("aria-sort", "descending");
  await expectNoSeriousA11yViolations(page);

  // Sorting works as a plain link.
  await table
    .getByRole("columnheader", { name: /^Cluster/ })
    .getByRole("link")
    .click();
  await settle(page);
  await expect(page).toHaveURL(/sort=label&dir=asc/);
  await expect(page.getByRole("columnheader", { name: /^Cluster/ })).toHaveAttribute("aria-sort", "ascending");

  await page.getByRole("link", { name: BILLING }).click();
  await settle(page);
  await expect(page.getByRole("heading", { name: BILLING, level: 1 })).toBeVisible();
  await expect(page.locator("mark").first()).toBeVisible();
  // Each time chart says what its values count.
  for (const unit of [
    "Ticket aperti nella settimana",
    "Percentuale di valutazioni positive nella settimana",
    "Ore, mediana dei ticket della settimana",
    "Ticket ancora aperti a fine settimana",
  ]) {
    await expect(page.locator("figcaption").getByText(unit).first()).toBeVisible();
  }
  await page.getByText("Mostra come tabella").first().click();
  await expect(page.getByRole("table").first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("link", { name: "Proponi un'idea da questo cluster" }).click();
  await settle(page);
  await expect(page.getByText(`Collegato a: ${BILLING}`)).toBeVisible();
  const token = uniqueToken("cluster");
  const title = `Spiegare il conguaglio con un video ${token}`;
  await fillTitle(page, title);
  await page.getByLabel("Causa").selectOption({ label: "Processo" });
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: "Pubblica" }).click();
  await settle(page);
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();

  // The item page lists the linked cluster and the impact it carries.
  await expect(page.getByRole("link", { name: BILLING })).toBeVisible();
  await expect(page.getByTestId("item-impact")).toContainText(/Impatto: [\d,]+ ticket a settimana/);
  await expectNoSeriousA11yViolations(page);

  await visit(page, `/board?sort=impact&q=${token}`);
  await expect(page.getByRole("heading", { name: title, level: 2 })).toBeVisible();
  await expect(page.getByText(/Impatto: [\d,]+ ticket\/settimana/)).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
