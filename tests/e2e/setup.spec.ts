import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { settle, submitAndWait, visit } from "./support/pages";
import { SETUP_URL } from "./support/servers";

// The second server starts on an empty database: no admin, so the app asks to be set up.
test.use({ baseURL: SETUP_URL });

test("the first admin sets up an empty installation", async ({ page, browser }) => {
  await visit(page, "/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Configura Floorboard" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  const name = page.getByLabel("Nome e cognome");
  const email = page.getByLabel("Email");
  const password = page.getByLabel("Password");
  const team = page.getByLabel("Il tuo team");

  await name.fill("P");
  await email.fill("non-una-email");
  await password.fill("breve");
  await page.getByRole("button", { name: "Crea l'account amministratore" }).click();

  await expect(name).toHaveAccessibleDescription("Inserisci un nome tra 2 e 80 caratteri.");
  await expect(email).toHaveAccessibleDescription("Inserisci un indirizzo email come nome@azienda.it.");
  await expect(password).toHaveAccessibleDescription(/Usa almeno 10 caratteri\./);
  await expect(team).toHaveAccessibleDescription(/Campo obbligatorio\./);
  for (const field of [name, email, password, team]) await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/setup$/);
  await expectNoSeriousA11yViolations(page);

  await name.fill("Paola Ferri");
  await email.fill("paola.ferri@example.it");
  await password.fill("una password lunga abbastanza");
  await team.fill("Assistenza clienti");
  await page.getByRole("button", { name: "Crea l'account amministratore" }).click();

  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { name: "Persone", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Paola Ferri" })).toBeVisible();
  await settle(page);
  await expectNoSeriousA11yViolations(page);

  // Once an admin exists the page is gone.
  const context = await browser.newContext({ baseURL: SETUP_URL });
  try {
    const visitor = await context.newPage();
    await visit(visitor, "/setup");
    await expect(visitor).toHaveURL(/\/login$/);
    await expect(visitor.getByRole("heading", { name: "Accedi" })).toBeVisible();

    // The new admin can sign in (on PostgreSQL when TEST_DATABASE_URL is set: this also
    // covers the failed-attempt counters on that driver).
    await visitor.getByLabel("Email").fill("paola.ferri@example.it");
    await visitor.getByLabel("Password").fill("non è la password giusta");
    await submitAndWait(visitor, () => visitor.getByRole("button", { name: "Accedi" }).click());
    await expect(visitor.getByRole("alert")).toHaveText("Email o password non corrette.");
    await visitor.getByLabel("Password").fill("una password lunga abbastanza");
    await visitor.getByRole("button", { name: "Accedi" }).click();
    await expect(visitor).toHaveURL(/\/board$/);
    await expect(visitor.getByRole("heading", { name: "Bacheca", level: 1 })).toBeVisible();
    await expect(visitor.getByRole("link", { name: "Paola Ferri" })).toBeVisible();
    await settle(visitor);
    await expectNoSeriousA11yViolations(visitor);
  } finally {
    await context.close();
  }
});
