import type { Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { WHITEBOARD_MANAGER } from "./support/accounts";
import { createItem, isoDayFromNow, openItem, uniqueToken } from "./support/items";
import { settle, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

test.use({ viewport: { width: 1440, height: 900 } });

/** A column of the whiteboard: a region named by its status and count ("Pianificato 12 elementi"). */
function column(page: Page, status: string) {
  return page.getByRole("region", { name: new RegExp(`^${status} \\d+ element[oi]$`) });
}

function noteIn(page: Page, status: string, title: string) {
  return column(page, status)
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: title, exact: true }) });
}

test("a manager moves a note with the menu and by dragging; an agent only looks", async ({
  whiteboardManagerPage: page,
  agentPage: agent,
}) => {
  const title = `Cuffie nuove per il turno serale ${uniqueToken("lavagna")}`;
  const number = await createItem(page, { title, kind: "idea", area: "tool_system" });

  await visit(page, "/whiteboard");
  await expect(page.getByRole("heading", { name: "Lavagna", level: 1 })).toBeVisible();
  for (const status of ["Nuovo", "In valutazione", "Pianificato", "In corso", "Fatto"])
    await expect(column(page, status)).toBeVisible();
  // At this width the five columns sit side by side.
  const [first, last] = await Promise.all([column(page, "Nuovo").boundingBox(), column(page, "Fatto").boundingBox()]);
  expect(first && last && Math.abs(first.y - last.y)).toBe(0);
  await expect(noteIn(page, "Nuovo", title)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // With the keyboard: the note's own menu. "Under review" needs nothing more.
  let menu = page.getByRole("combobox", { name: `Sposta il #${number} nello stato` });
  await menu.focus();
  await menu.selectOption({ label: "In valutazione" });
  await page.keyboard.press("Tab");
  await expect(noteIn(page, "Nuovo", title).getByRole("button", { name: "Sposta" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(noteIn(page, "In valutazione", title)).toBeVisible();
  await expect(noteIn(page, "Nuovo", title)).toHaveCount(0);
  await settle(page);

  // "Planned" needs an owner and a date: a dialog asks for them.
  menu = page.getByRole("combobox", { name: `Sposta il #${number} nello stato` });
  await menu.focus();
  await menu.selectOption({ label: "Pianificato" });
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: `Sposta il #${number} nello stato Pianificato` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Responsabile")).toBeVisible();
  await expect(noteIn(page, "In valutazione", title)).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await dialog.getByLabel("Responsabile").selectOption({ label: WHITEBOARD_MANAGER.name });
  await dialog.getByLabel("Data prevista").fill(isoDayFromNow(21));
  await dialog.getByLabel("Nota per chi segue").fill("Le ordiniamo con il prossimo budget.");
  await dialog.getByRole("button", { name: "Sposta" }).click();
  await expect(dialog).toBeHidden();
  const planned = noteIn(page, "Pianificato", title);
  await expect(planned).toBeVisible();
  await expect(planned).toContainText(WHITEBOARD_MANAGER.name);
  await expect(noteIn(page, "In valutazione", title)).toHaveCount(0);
  await settle(page);
  await expectNoSeriousA11yViolations(page);

  // With the mouse: drag the note to "In progress" (owner and date are already there).
  await planned.dragTo(column(page, "In corso"));
  await expect(noteIn(page, "In corso", title)).toBeVisible();
  await expect(noteIn(page, "Pianificato", title)).toHaveCount(0);
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await settle(page);
  await expectNoSeriousA11yViolations(page);

  // The item's own history records each move and the note.
  await openItem(page, number);
  for (const move of ["da Nuovo a In valutazione", "da In valutazione a Pianificato", "da Pianificato a In corso"]) {
    await expect(page.getByText(`${WHITEBOARD_MANAGER.name} l'ha spostato ${move}`)).toBeVisible();
  }
  await expect(page.getByText("Le ordiniamo con il prossimo budget.")).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // An agent sees the same board with nothing to move.
  await visit(agent, "/whiteboard");
  await expect(agent.getByText("Solo i supervisori possono spostare i post-it.")).toBeVisible();
  await expect(noteIn(agent, "In corso", title)).toBeVisible();
  await expect(agent.getByRole("combobox")).toHaveCount(0);
  await expect(agent.getByRole("button", { name: "Sposta" })).toHaveCount(0);
  await expect(agent.locator('[draggable="true"]')).toHaveCount(0);
  await expectNoSeriousA11yViolations(agent);
});
