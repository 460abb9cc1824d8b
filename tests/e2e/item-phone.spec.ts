import { expectNoSeriousA11yViolations } from "./support/a11y";
import { AGENT } from "./support/accounts";
import { fillTitle, uniqueToken } from "./support/items";
import { horizontalOverflow, settle, submitAndWait } from "./support/pages";
import { expect, test } from "./support/signed-in";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test("on a phone an agent posts an item from the bottom bar", async ({ agentPage: page }) => {
  const title = `Dal telefono: la coda chat si blocca alle 18 ${uniqueToken()}`;
  const bottomBar = page.getByRole("navigation", { name: "Sezioni" });
  const newLink = bottomBar.getByRole("link", { name: "Nuovo" });
  await expect(newLink).toBeVisible();
  // The header's own "new" button makes room on a phone.
  await expect(page.getByRole("banner").getByRole("link", { name: "Nuovo" })).toBeHidden();
  await expectNoSeriousA11yViolations(page);

  await newLink.tap();
  await expect(page).toHaveURL(/\/items\/new$/);
  await expect(page.getByRole("heading", { name: "Nuova osservazione o idea", level: 1 })).toBeVisible();
  await settle(page);
  await expect(newLink).toHaveAttribute("aria-current", "page");
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("radio", { name: /^Osservazione/ }).tap();
  await fillTitle(page, title);
  await page.getByLabel("Causa").selectOption({ label: "Strumento / sistema" });
  await page.getByLabel("Canale").selectOption({ label: "Chat" });
  await page.getByLabel("Dettagli").fill("Dopo le 18 le chat restano in attesa anche con operatori liberi.");
  await submitAndWait(page, () => page.getByRole("button", { name: "Pubblica" }).tap());

  await expect(page).toHaveURL(/\/items\/\d+$/);
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByText(`di ${AGENT.name}`)).toBeVisible();
  await expect(page.getByRole("button", { name: `Vota «${title}» (0 voti)` })).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await expectNoSeriousA11yViolations(page);
});
