import { expectNoSeriousA11yViolations } from "./support/a11y";
import { visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

// The browser-test servers run without PUBLIC_URL and without SMTP_URL, as a first install does.

test("an admin is told that wall addresses follow the browser's host until PUBLIC_URL is set, and reads the audit log in words", async ({
  adminPage: page,
}) => {
  await visit(page, "/admin/displays");
  await expect(page.getByTestId("public-url-missing")).toContainText("PUBLIC_URL non è impostato");
  await expect(page.getByTestId("public-url-missing")).toContainText("http://127.0.0.1:");
  await expectNoSeriousA11yViolations(page);

  // Something in the log with details: a display registered.
  await page.getByLabel("Nome", { exact: true }).fill(`Registro ${Date.now().toString(36)}`);
  await page.getByRole("button", { name: "Crea schermo" }).click();
  await expect(page.getByLabel("Indirizzo da aprire sullo schermo")).toBeVisible();
  await visit(page, "/admin/audit");
  const table = page.getByRole("table");
  await expect(table.getByText("Ha registrato uno schermo").first()).toBeVisible();
  await expect(table.getByText("Pannelli").first()).toBeVisible();
  // No action codes ("display.create"), no JSON in the details.
  for (const action of await table.locator("tbody tr td:nth-child(3)").allInnerTexts())
    expect(action).not.toMatch(/^[a-z_]+\.[a-z_]+$/);
  for (const details of await table.locator("tbody tr td:nth-child(4)").allInnerTexts())
    expect(details).not.toMatch(/[{}[\]]|":/);
  await expectNoSeriousA11yViolations(page);
});

test("the account page says email is off when no mail server is configured", async ({ agentPage: page }) => {
  await visit(page, "/account");
  await expect(page.getByTestId("email-off")).toHaveText(/Le email sono spente su questo server/);
  await expect(page.getByLabel("Notifiche via email")).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});
