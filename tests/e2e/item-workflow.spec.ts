import type { Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { AGENT, MANAGER, WORKFLOW_MANAGER } from "./support/accounts";
import {
  createItem,
  isoDayFromNow,
  moveWithStatusForm,
  openItem,
  statusCard,
  uniqueToken,
  unreadOnBell,
} from "./support/items";
import { settle, submitAndWait, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

/** The status badge next to the item's kind, at the top of the item page. */
function statusBadge(page: Page, status: string) {
  return page.getByRole("article").getByText(status, { exact: true }).first();
}

test("a manager triages a new idea and takes it through planned and in progress to done", async ({
  agentPage: page,
  workflowManagerPage: manager,
}) => {
  const title = `Mostrare l'esito del reso nell'area clienti ${uniqueToken()}`;
  const number = await createItem(page, {
    title,
    area: "product",
    body: "Oggi i clienti chiamano per sapere se il reso è stato accettato.",
  });

  await visit(manager, "/triage");
  await expect(manager.getByRole("heading", { name: "Smistamento", level: 1 })).toBeVisible();
  const card = manager.locator("li").filter({ has: manager.getByRole("link", { name: `#${number} ${title}` }) });
  await expect(card).toBeVisible();
  await expectNoSeriousA11yViolations(manager);
  await submitAndWait(manager, () => card.getByRole("button", { name: "Prendi in valutazione" }).click());
  await expect(manager.getByRole("status")).toHaveText(`#${number} aggiornato.`);
  await expect(card).toHaveCount(0);
  await expectNoSeriousA11yViolations(manager);

  await openItem(manager, number);
  await expect(manager.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(statusBadge(manager, "In valutazione")).toBeVisible();
  const form = statusCard(manager);
  await expectNoSeriousA11yViolations(manager);

  // Planned needs a named owner and a date: the server says so next to the fields.
  const response = await moveWithStatusForm(manager, { status: "Pianificato" });
  expect(response.status()).toBe(400);
  const owner = form.getByLabel("Responsabile");
  await expect(owner).toHaveAttribute("aria-invalid", "true");
  await expect(owner).toHaveAccessibleDescription(
    "Scegli un responsabile: gli elementi pianificati e in corso ne hanno bisogno.",
  );
  await expect(form.getByLabel("Data prevista")).toHaveAccessibleDescription(
    "Indica una data prevista: una promessa ha bisogno di una data.",
  );
  await expect(statusBadge(manager, "In valutazione")).toBeVisible();
  await expectNoSeriousA11yViolations(manager);

  // The same rule in English, for a manager who works in English.
  await manager.getByRole("button", { name: "English" }).click();
  await expect(manager.getByRole("heading", { name: "Move this item" })).toBeVisible();
  await settle(manager);
  await form.getByLabel("New status").selectOption({ label: "Planned" });
  await submitAndWait(manager, () => form.getByRole("button", { name: "Update status" }).click());
  await expect(form.getByLabel("Owner")).toHaveAccessibleDescription(
    "Choose an owner: planned and in-progress items need one named person.",
  );
  await expectNoSeriousA11yViolations(manager);
  await manager.getByRole("button", { name: "Italiano" }).click();
  await expect(manager.getByRole("heading", { name: "Sposta questo elemento" })).toBeVisible();
  await settle(manager);

  const targetDate = isoDayFromNow(30);
  const shownDate = new Intl.DateTimeFormat("it-IT", { dateStyle: "medium", timeZone: "Europe/Rome" }).format(
    new Date(targetDate),
  );
  expect(
    (await moveWithStatusForm(manager, { status: "Pianificato", owner: WORKFLOW_MANAGER.name, targetDate })).status(),
  ).toBe(200);
  await expect(statusBadge(manager, "Pianificato")).toBeVisible();
  await expect(manager.getByText(`Responsabile: ${WORKFLOW_MANAGER.name}, data prevista ${shownDate}.`)).toBeVisible();
  await expect(owner).not.toHaveAttribute("aria-invalid", "true");
  await expectNoSeriousA11yViolations(manager);

  expect((await moveWithStatusForm(manager, { status: "In corso" })).status()).toBe(200);
  await expect(statusBadge(manager, "In corso")).toBeVisible();

  const note = "Fatto: l'esito del reso compare nell'area clienti da oggi.";
  expect((await moveWithStatusForm(manager, { status: "Fatto", note })).status()).toBe(200);
  await expect(statusBadge(manager, "Fatto")).toBeVisible();
  // Votes close with the item.
  await expect(manager.getByText("Votazioni chiuse").first()).toBeVisible();

  const timeline = manager.getByRole("list").filter({ hasText: "l'ha pubblicato" });
  const who = WORKFLOW_MANAGER.name;
  await expect(timeline.getByRole("listitem")).toHaveCount(6);
  await expect(timeline).toContainText(`${AGENT.name} l'ha pubblicato`);
  await expect(timeline).toContainText(`${who} l'ha spostato da Nuovo a In valutazione`);
  await expect(timeline).toContainText(`${who} l'ha spostato da In valutazione a Pianificato`);
  await expect(timeline).toContainText(`${who} ha cambiato il responsabile`);
  await expect(timeline).toContainText(`${who} l'ha spostato da Pianificato a In corso`);
  const doneEntry = timeline.getByRole("listitem").filter({ hasText: `${who} l'ha spostato da In corso a Fatto` });
  await expect(doneEntry).toContainText(note);
  await expectNoSeriousA11yViolations(manager);
});

test("the author hears an item is done and answers that it partly solved the problem", async ({
  agentPage: page,
  managerPage: manager,
}) => {
  const title = `Avviso SMS prima dell'intervento del tecnico ${uniqueToken()}`;
  const number = await createItem(page, { title, area: "communication" });

  await openItem(manager, number);
  await moveWithStatusForm(manager, {
    status: "In corso",
    owner: MANAGER.name,
    targetDate: isoDayFromNow(14),
  });
  await expect(statusBadge(manager, "In corso")).toBeVisible();
  await moveWithStatusForm(manager, { status: "Fatto", note: "Gli SMS partono dal lunedì." });
  await expect(statusBadge(manager, "Fatto")).toBeVisible();

  // The author: her bell, then the question in her notifications.
  await visit(page, "/board");
  expect(await unreadOnBell(page)).toBeGreaterThan(0);
  await visit(page, "/notifications");
  const question = page.getByRole("button", {
    name: `Da leggere: Il #${number} «${title}» è stato fatto. Ha risolto il problema?`,
  });
  await expect(question).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await question.click();
  await expect(page).toHaveURL(new RegExp(`/items/${number}$`));
  await settle(page);

  const panel = page
    .locator("form")
    .filter({ has: page.getByRole("group", { name: "È stato fatto. Ha risolto il problema?" }) });
  await expect(panel).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await panel.getByRole("radio", { name: "In parte" }).check();
  const comment = "Gli SMS arrivano, ma solo in italiano.";
  await panel.getByLabel("Vuoi aggiungere qualcosa? (facoltativo)").fill(comment);
  expect(
    (await submitAndWait(page, () => panel.getByRole("button", { name: "Invia la risposta" }).click())).status(),
  ).toBe(200);

  await expect(page.getByText("Secondo l'autore ha risolto il problema: In parte")).toBeVisible();
  await expect(page.getByText(`“${comment}”`)).toBeVisible();
  await expect(page.getByText(`${AGENT.name} ha risposto a «ha risolto il problema?»: In parte`)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Everyone sees the answer; only the author can change it.
  await openItem(manager, number);
  await expect(manager.getByText("Secondo l'autore ha risolto il problema: In parte")).toBeVisible();
  await expect(manager.getByText(`“${comment}”`)).toBeVisible();
  await expect(manager.getByRole("button", { name: "Invia la risposta" })).toHaveCount(0);
});
