import { expectNoSeriousA11yViolations } from "./support/a11y";
import { AGENT, MANAGER } from "./support/accounts";
import { createItem, openItem, uniqueToken, unreadOnBell } from "./support/items";
import { settle, submitAndWait, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

test("a comment mentioning the manager reaches his bell and notifications, and leads back to the item", async ({
  agentPage: page,
  managerPage,
}) => {
  const title = `Il portale non invia la conferma del reso ${uniqueToken()}`;
  // The manager is already signed in elsewhere; his bell shows what he has not read yet.
  const unreadBefore = await unreadOnBell(managerPage);

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
  await visit(managerPage, "/board");
  await expect.poll(() => unreadOnBell(managerPage)).toBe(unreadBefore + 1);
  await expectNoSeriousA11yViolations(managerPage);

  await managerPage.getByRole("link", { name: `Notifiche, ${unreadBefore + 1} da leggere` }).click();
  await expect(managerPage).toHaveURL(/\/notifications$/);
  await expect(managerPage.getByRole("heading", { name: "Notifiche", level: 1 })).toBeVisible();
  await settle(managerPage);
  const mention = managerPage.getByRole("button", {
    name: `Da leggere: ${AGENT.name} ti ha menzionato sul #${number} «${title}»`,
  });
  await expect(mention).toBeVisible();
  await expectNoSeriousA11yViolations(managerPage);

  await mention.click();
  await expect(managerPage).toHaveURL(new RegExp(`/items/${number}$`));
  await expect(managerPage.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await settle(managerPage);
  await expect(managerPage.getByText(comment)).toBeVisible();
  expect(await unreadOnBell(managerPage)).toBe(unreadBefore);
  await expectNoSeriousA11yViolations(managerPage);

  // He answers in the thread: the reply form waits in a closed <details> under the comment.
  const managerThread = managerPage.getByRole("listitem").filter({ hasText: comment });
  const replyField = managerThread.getByLabel("La tua risposta");
  await expect(replyField).toBeHidden();
  await managerThread.locator("summary", { hasText: "Rispondi" }).click();
  await expect(replyField).toBeVisible();
  const reply = "Sì, lo chiedo domani e vi aggiorno qui.";
  await replyField.fill(reply);
  await submitAndWait(managerPage, () => managerThread.getByRole("button", { name: "Rispondi", exact: true }).click());
  await expect(managerThread.getByRole("list").getByRole("listitem").filter({ hasText: reply })).toContainText(
    MANAGER.name,
  );
  await expect(managerPage.getByRole("heading", { name: "Commenti (2)" })).toBeVisible();
  await expectNoSeriousA11yViolations(managerPage);

  // Read now: the notification is a plain link.
  await visit(managerPage, "/notifications");
  await expect(
    managerPage.getByRole("link", { name: `${AGENT.name} ti ha menzionato sul #${number} «${title}»` }),
  ).toBeVisible();

  // And Sara hears about the reply.
  await visit(page, "/notifications");
  await expect(
    page.getByRole("button", { name: `Da leggere: ${MANAGER.name} ti ha risposto sul #${number} «${title}»` }),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
