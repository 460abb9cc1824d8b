import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { AGENT } from "./support/accounts";
import { horizontalOverflow, settle, signIn, visit } from "./support/pages";

test.describe("error pages on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("a missing item is not found: the page says which one in Italian, with a 404 and a way back", async ({
    page,
  }) => {
    await signIn(page, AGENT);
    const response = await visit(page, "/items/99999999");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Pagina non trovata" })).toBeVisible();
    await expect(page.getByRole("alert")).toContainText("L'elemento #99999999 non esiste");
    // Inside the app's own frame: the person can still find their way around.
    await expect(page.getByRole("navigation", { name: "Sezioni" })).toBeVisible();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("link", { name: "Torna alla bacheca" }).tap();
    await expect(page).toHaveURL(/\/board$/);
    await settle(page);
    await expect(page.getByRole("heading", { level: 1, name: "Bacheca" })).toBeVisible();
  });
});

test.describe("error pages in English", () => {
  test.use({ locale: "en-GB" });

  test("a broken unsubscribe link is not found, and the page says what to do instead", async ({ page }) => {
    const response = await visit(page, "/unsubscribe/not-a-token");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("alert")).toContainText("This unsubscribe link is not valid");
    await expect(page.getByRole("link", { name: "Go to your account" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });
});
