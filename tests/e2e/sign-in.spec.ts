import { expectNoSeriousA11yViolations } from "./support/a11y";
import { ADMIN, SIGN_OUT_EVERYWHERE_AGENT } from "./support/accounts";
import { settle, signIn, submitAndWait, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

test("an admin signs in, sees the app and signs out", async ({ page }) => {
  await visit(page, "/");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Accedi" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Accedi" }).click();

  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByRole("heading", { name: "Bacheca", level: 1 })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Principale" });
  await expect(nav).toBeVisible();
  await expect(nav.getByRole("link", { name: "Bacheca" })).toHaveAttribute("aria-current", "page");
  for (const section of ["Cluster", "Cruscotto", "Amministrazione"]) {
    await expect(nav.getByRole("link", { name: section, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("link", { name: ADMIN.name })).toBeVisible();
  await settle(page);
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "Esci", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Accedi" })).toBeVisible();

  // The session is gone: the board sends back to sign-in, remembering where to return.
  await visit(page, "/board");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fboard$/);
});

test("a wrong password shows an error and stays on the sign-in page", async ({ page }) => {
  await visit(page, "/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not-the-password");
  await submitAndWait(page, () => page.getByRole("button", { name: "Accedi" }).click());

  await expect(page.getByRole("alert")).toHaveText("Email o password non corrette.");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel("Email")).toHaveValue(ADMIN.email);
  await expectNoSeriousA11yViolations(page);
});

test("repeated failures for one email are throttled", async ({ page }) => {
  // An address nobody has: unknown emails are throttled like real ones.
  const email = "nobody-throttle@floorboard.test";
  await visit(page, "/login");
  await page.getByLabel("Email").fill(email);
  for (let attempt = 1; attempt <= 4; attempt += 1) {
    await page.getByLabel("Password").fill(`wrong-password-${attempt}`);
    await submitAndWait(page, () => page.getByRole("button", { name: "Accedi" }).click());
    await expect(page.getByRole("alert")).toHaveText("Email o password non corrette.");
  }
  // The fifth failure locks the address for a while.
  await page.getByLabel("Password").fill("wrong-password-5");
  await submitAndWait(page, () => page.getByRole("button", { name: "Accedi" }).click());
  await expect(page.getByRole("alert")).toHaveText(/^Troppi tentativi falliti\. Attendi \d+ secondi, poi riprova\.$/);
  await expect(page).toHaveURL(/\/login$/);
  await expectNoSeriousA11yViolations(page);
});

test("signing out everywhere ends the sessions in other browsers", async ({ page, browser }) => {
  const otherContext = await browser.newContext();
  const otherPage = await otherContext.newPage();
  try {
    await signIn(otherPage, SIGN_OUT_EVERYWHERE_AGENT);
    await signIn(page, SIGN_OUT_EVERYWHERE_AGENT);

    await visit(page, "/account");
    await expect(page.getByRole("heading", { name: "Il tuo account" })).toBeVisible();
    await expect(page.getByText("Hai l'accesso aperto anche su 1 altro dispositivo o browser.")).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("button", { name: "Esci da tutti i dispositivi" }).click();
    await expect(page).toHaveURL(/\/login$/);

    await visit(otherPage, "/board");
    await expect(otherPage).toHaveURL(/\/login\?redirectTo=%2Fboard$/);
  } finally {
    await otherContext.close();
  }
});

test("an agent opening an admin page gets a 403 page, not a crash", async ({ agentPage: page }) => {
  await expect(
    page.getByRole("navigation", { name: "Principale" }).getByRole("link", { name: "Amministrazione" }),
  ).toHaveCount(0);

  const response = await visit(page, "/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Questa pagina non è per il tuo ruolo" })).toBeVisible();
  await expect(page.getByText("Errore 403")).toBeVisible();
  // Still inside the app, with a way back.
  await expect(
    page.getByRole("navigation", { name: "Principale" }).getByRole("link", { name: "Bacheca" }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Torna all'inizio" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
