import { fileURLToPath } from "node:url";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { horizontalOverflow, settle, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test("on a phone the board has a bottom navigation and no sideways scrolling", async ({
  page: signedOut,
  agentPage: page,
}) => {
  await visit(signedOut, "/login");
  expect(await horizontalOverflow(signedOut)).toBeLessThanOrEqual(0);

  const bottomNav = page.getByRole("navigation", { name: "Sezioni" });
  await expect(bottomNav).toBeVisible();
  await expect(bottomNav.getByRole("link", { name: "Bacheca" })).toBeVisible();
  await expect(bottomNav.getByRole("link", { name: "Profilo" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Principale" })).toBeHidden();
  // The bar sits at the bottom of the screen.
  const box = await bottomNav.boundingBox();
  expect(box && Math.round(box.y + box.height)).toBe(844);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({
    path: fileURLToPath(new URL("./screenshots/board-phone.png", import.meta.url)),
    fullPage: true,
  });

  await bottomNav.getByRole("link", { name: "Profilo" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Il tuo account" })).toBeVisible();
  await settle(page);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await expectNoSeriousA11yViolations(page);
});
