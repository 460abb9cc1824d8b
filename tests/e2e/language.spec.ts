import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { LANGUAGE_PERSON } from "./support/accounts";
import { settle, visit } from "./support/pages";

test("the language switcher changes the language before and after signing in", async ({ page }) => {
  await visit(page, "/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "it");
  await expect(page.getByRole("heading", { name: "Accedi" })).toBeVisible();

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText("Post what customers tell you")).toBeVisible();
  await settle(page);
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel("Email").fill(LANGUAGE_PERSON.email);
  await page.getByLabel("Password").fill(LANGUAGE_PERSON.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/board$/);
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Board", exact: true }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
  await settle(page);
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "Italiano" }).click();
  await expect(
    page.getByRole("navigation", { name: "Principale" }).getByRole("link", { name: "Bacheca" }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: "Bacheca", level: 1 })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "it");
  await expect(page).toHaveURL(/\/board$/);
  await settle(page);
  await expectNoSeriousA11yViolations(page);

  // The choice is saved for the person, not only for this page.
  await visit(page, "/account");
  await expect(page.getByRole("heading", { name: "Il tuo account" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Lingua" })).toHaveValue("it");
});
