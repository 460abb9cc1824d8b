import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { AGENT, MANAGER } from "./support/accounts";
import { createItem, openItem, signedInContext, uniqueToken, unreadOnBell } from "./support/items";
import { settle, signIn, submitAndWait, visit } from "./support/pages";

test("a comment mentioning the manager reaches his bell and notifications, and leads back to the item", async ({
  page,
  browser,
}) => {
  const title = `Il portale non invia la conferma del reso ${uniqueToken()}`;
  // The manager is already signed in elsewhere; his bell shows what he has not read yet.
  const manager = await signedInContext(browser, MANAGER);
  try {
    const unreadBefore = await unreadOnBell(manager.page);

    await signIn(page, AGENT);
    const number = await createItem(page, { title, kind: "insight", area: "communication" });
    await openItem(page, number);
    await expect(page.getByText("Ancora nessun commento.")).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    const comment = "Tre clienti oggi. @marco.bianchi possiamo chiedere al fornitore del portale?";
    await page.getByLabel("Aggiungi un commento").fill(comment);
    await submitAndWait(page, () => page.getByRole("button", { name: "Commenta", exact: true }).click());
    await expect(page.getByRole("heading", { name: "Commenti (1)" })).toBeVisible();
    const thread = page.getByRole("listitem").filter({ hasText: comment });
    await expect(thread.getByText(AGENT.name, { exact: true })).toBeVisible();
    await expect(page.getByLabel("Aggiungi un commento")).toHaveValue("");
    await expectNoSeriousA11yViolations(page);

    // The manager's bell counts the mention.
    await visit(manager.page, "/board");
    await expect.poll(() => unreadOnBell(manager.page)).toBe(unreadBefore + 1);
    await expectNoSeriousA11yViolations(manager.page);

    await manager.page.getByRole("link", { name: `Notifiche, ${unreadBefore + 1} da leggere` }).click();
    await expect(manager.page).toHaveURL(/\/notifications$/);
    await expect(manager.page.getByRole("heading", { name: "Notifiche", level: 1 })).toBeVisible();
    await settle(manager.page);
    const mention = manager.page.getByRole("button", {
      name: `Da leggere: ${AGENT.name} ti ha menzionato sul #${number} «${title}»`,
    });
    await expect(mention).toBeVisible();
    await expectNoSeriousA11yViolations(manager.page);

    await mention.click();
    await expect(manager.page).toHaveURL(new RegExp(`/items/${number}$`));
    await expect(manager.page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    await settle(manager.page);
    await expect(manager.page.getByText(comment)).toBeVisible();
    expect(await unreadOnBell(manager.page)).toBe(unreadBefore);
    await expectNoSeriousA11yViolations(manager.page);

    // He answers in the thread: the reply form waits in a closed <details> under the comment.
    const managerThread = manager.page.getByRole("listitem").filter({ hasText: comment });
    const replyField = managerThread.getByLabel("La tua risposta");
    await expect(replyField).toBeHidden();
    await managerThread.locator("summary", { hasText: "Rispondi" }).click();
    await expect(replyField).toBeVisible();
    const reply = "Sì, lo chiedo domani e vi aggiorno qui.";
    await replyField.fill(reply);
    await submitAndWait(manager.page, () =>
      managerThread.getByRole("button", { name: "Rispondi", exact: true }).click(),
    );
    await expect(managerThread.getByRole("list").getByRole("listitem").filter({ hasText: reply })).toContainText(
      MANAGER.name,
    );
    await expect(manager.page.getByRole("heading", { name: "Commenti (2)" })).toBeVisible();
    await expectNoSeriousA11yViolations(manager.page);

    // Read now: the notification is a plain link.
    await visit(manager.page, "/notifications");
    await expect(
      manager.page.getByRole("link", { name: `${AGENT.name} ti ha menzionato sul #${number} «${title}»` }),
    ).toBeVisible();

    // And Sara hears about the reply.
    await visit(page, "/notifications");
    await expect(
      page.getByRole("button", { name: `Da leggere: ${MANAGER.name} ti ha risposto sul #${number} «${title}»` }),
    ).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  } finally {
    await manager.context.close();
  }
});
