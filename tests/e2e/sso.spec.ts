import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { settle, visit } from "./support/pages";
import { SSO_PROVIDER_URL, SSO_URL } from "./support/servers";

// The server with single sign-on, and the provider of `npm run dev:oidc` (its own login page).
test.use({ baseURL: SSO_URL });

test("signs in with the company account on the provider's own page and lands on the board in Italian", async ({
  page,
}) => {
  await visit(page, "/login");
  const companySignIn = page.getByRole("link", { name: "Accedi con l'account aziendale" });
  await expect(companySignIn).toBeVisible();
  // The password form is still there, after the company account.
  await expect(page.getByRole("button", { name: "Accedi", exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await companySignIn.click();
  // The provider's page, not Floorboard's.
  await expect(page).toHaveURL(new RegExp(`^${SSO_PROVIDER_URL}/interaction/`));
  await page.locator('input[name="login"]').fill("nuova");
  await page.locator('input[name="password"]').fill("una password qualsiasi");
  await page.getByRole("button", { name: "Sign-in" }).click();

  await expect(page).toHaveURL(`${SSO_URL}/board`);
  await expect(page.getByRole("heading", { level: 1, name: "Bacheca" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Nuova Persona" })).toBeVisible();
  await settle(page);

  // Signing out of Floorboard offers signing out of the company account too.
  await page.getByRole("button", { name: "Esci", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  await expect(page.getByRole("link", { name: "Esci anche dall'account aziendale" })).toHaveAttribute(
    "href",
    new RegExp(`^${SSO_PROVIDER_URL}/session/end\\?`),
  );
  await visit(page, "/board");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fboard$/);
});
