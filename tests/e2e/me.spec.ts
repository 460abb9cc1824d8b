import { expectNoSeriousA11yViolations } from "./support/a11y";
import { MANAGER } from "./support/accounts";
import { createItem, moveWithStatusForm, openItem, uniqueToken, voteButtonFor } from "./support/items";
import { horizontalOverflow, settle, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

test("an agent sees what became of the items they posted and voted for", async ({
  agentPage: page,
  managerPage: manager,
}) => {
  const token = uniqueToken("miei");
  const title = `Il modulo di reclamo perde gli allegati ${token}`;
  const number = await createItem(page, {
    title,
    kind: "insight",
    area: "tool_system",
    body: "Succede con i PDF oltre 5 MB.",
  });

  await openItem(manager, number);
  const moved = await moveWithStatusForm(manager, {
    status: "In valutazione",
    note: `Verifichiamo con l'IT ${token}`,
  });
  expect(moved.status()).toBeLessThan(400);

  await visit(page, "/board");
  await page.getByRole("navigation", { name: "Principale" }).getByRole("link", { name: "I miei elementi" }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { name: "I miei elementi", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Pubblicati/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("me-summary")).toContainText("pubblicat");
  const card = page.getByRole("article").filter({ has: page.getByRole("link", { name: `#${number} ${title}` }) });
  await expect(card).toBeVisible();
  await expect(card.getByText("In valutazione", { exact: true })).toBeVisible();
  await expect(card.getByTestId("latest-update")).toContainText(
    `Spostato nello stato In valutazione da ${MANAGER.name}`,
  );
  await expect(card.getByTestId("latest-update")).toContainText(`Verifichiamo con l'IT ${token}`);
  await expectNoSeriousA11yViolations(page);

  // Nothing voted yet for this item: vote on the board, then the "voted" tab lists it.
  await visit(page, `/board?q=${token}`);
  await voteButtonFor(page, title).click();
  await settle(page);
  await visit(page, "/me");
  await page.getByRole("link", { name: /^Votati/ }).click();
  await expect(page).toHaveURL(/\/me\?tab=voted$/);
  await expect(page.getByRole("link", { name: /^Votati/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: `#${number} ${title}` })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the agent reaches My items from the bottom bar, without sideways scrolling", async ({ agentPage: page }) => {
    const bottomNav = page.getByRole("navigation", { name: "Sezioni" });
    await bottomNav.getByRole("link", { name: "I miei elementi" }).click();
    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByRole("heading", { name: "I miei elementi", level: 1 })).toBeVisible();
    await settle(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await expectNoSeriousA11yViolations(page);
  });
});
