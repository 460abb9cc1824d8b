import { expectNoSeriousA11yViolations } from "./support/a11y";
import { settle, submitAndWait, visit } from "./support/pages";
import { requiredEnv } from "./support/servers";
import { expect, test } from "./support/signed-in";

test("an invited person joins through the link and lands on the board", async ({ adminPage: page, browser }) => {
  const email = `nuova.collega.${Date.now().toString(36)}@floorboard.test`;

  await visit(page, "/admin/users");
  await expect(page.getByRole("heading", { name: "Persone", level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  const inviteCard = page.locator("section").filter({ has: page.getByRole("heading", { name: "Invita qualcuno" }) });
  await inviteCard.getByLabel("Email").fill(email);
  await inviteCard.getByLabel("Ruolo").selectOption({ label: "Operatore" });
  await inviteCard.getByLabel("Team").selectOption({ label: "Resi e rimborsi" });
  await submitAndWait(page, () => inviteCard.getByRole("button", { name: "Crea invito" }).click());

  await expect(inviteCard.getByRole("status")).toContainText(`Invito creato per ${email}`);
  const linkField = inviteCard.getByLabel("Link di invito");
  await expect(linkField).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/invite\/[\w-]{20,}$/);
  const invitationUrl = await linkField.inputValue();
  await expect(page.locator("section").filter({ hasText: "Inviti in attesa" })).toContainText(email);
  await expectNoSeriousA11yViolations(page);

  // The invited person opens the link in their own browser.
  const context = await browser.newContext();
  const invitee = await context.newPage();
  try {
    await visit(invitee, invitationUrl);
    await expect(invitee.getByRole("heading", { name: "Entra in Floorboard" })).toBeVisible();
    await expect(
      invitee.getByText(`Sei stato invitato come Operatore (Resi e rimborsi) con l'indirizzo ${email}`),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(invitee);

    // They prefer English; the errors then come in English too.
    await invitee.getByRole("button", { name: "English" }).click();
    await expect(invitee.getByRole("heading", { name: "Join Floorboard" })).toBeVisible();
    await settle(invitee);

    const name = invitee.getByLabel("Full name");
    const password = invitee.getByLabel("Password", { exact: true });
    const confirm = invitee.getByLabel("Repeat the password");
    await name.fill("Chiara Neri");
    await password.fill("short");
    await confirm.fill("different");
    await invitee.getByRole("button", { name: "Create my account" }).click();

    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(password).toHaveAccessibleDescription(/Use at least 10 characters\./);
    await expect(confirm).toHaveAttribute("aria-invalid", "true");
    await expect(confirm).toHaveAccessibleDescription("The two passwords do not match.");
    await expect(name).not.toHaveAttribute("aria-invalid", "true");
    await expect(invitee).toHaveURL(/\/invite\//);
    await expectNoSeriousA11yViolations(invitee);

    // A long enough password that is repeated wrongly still only blames the repetition.
    await password.fill("una frase lunga e facile");
    await confirm.fill("una frase lunga e facilE");
    await invitee.getByRole("button", { name: "Create my account" }).click();
    await expect(confirm).toHaveAccessibleDescription("The two passwords do not match.");
    await expect(password).not.toHaveAttribute("aria-invalid", "true");

    await confirm.fill("una frase lunga e facile");
    await invitee.getByRole("button", { name: "Create my account" }).click();
    await expect(invitee).toHaveURL(/\/board$/);
    await expect(invitee.getByRole("heading", { name: "Board", level: 1 })).toBeVisible();
    await expect(invitee.getByRole("link", { name: "Chiara Neri" })).toBeVisible();
    const nav = invitee.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Board", exact: true })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
    await settle(invitee);
    await expectNoSeriousA11yViolations(invitee);

    await visit(invitee, "/account");
    await expect(invitee.getByText(`${email} · Agent`)).toBeVisible();

    // The link works once (signed out, and with the language cookie gone: Italian again).
    await context.clearCookies();
    const reused = await visit(invitee, invitationUrl);
    expect(reused?.status()).toBe(410);
    await expect(invitee.getByRole("heading", { name: "Invito già usato" })).toBeVisible();
  } finally {
    await context.close();
  }
});

test("expired and unknown invitation links explain what happened", async ({ page }) => {
  const expired = await visit(page, `/invite/${requiredEnv("E2E_EXPIRED_INVITATION_TOKEN")}`);
  expect(expired?.status()).toBe(410);
  await expect(page.getByRole("heading", { name: "Invito scaduto" })).toBeVisible();
  await expect(page.getByText("Gli inviti valgono 7 giorni.")).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  const unknown = await visit(page, "/invite/questo-invito-non-esiste");
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Invito non trovato" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Invitation not found" })).toBeVisible();

  await page.getByRole("link", { name: "Go to sign in" }).click();
  await expect(page).toHaveURL(/\/login$/);
});
