import { fileURLToPath } from "node:url";
import type { Locator, Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { AGENT, MANAGER } from "./support/accounts";
import { createItem, openItem, uniqueToken } from "./support/items";
import { settle, submitAndWait, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const screenshot = (name: string) => fileURLToPath(new URL(`./screenshots/${name}`, import.meta.url));

/** Every tap goes through here, so the journey can say how many it took. */
function tapCounter() {
  let taps = 0;
  return {
    tap: async (target: Locator) => {
      taps += 1;
      await target.tap();
    },
    get count() {
      return taps;
    },
  };
}

async function expectTouchSize(target: Locator, what: string) {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  expect(box, what).not.toBeNull();
  expect(Math.round(box?.height ?? 0), `${what}: height`).toBeGreaterThanOrEqual(44);
  expect(Math.round(box?.width ?? 0), `${what}: width`).toBeGreaterThanOrEqual(44);
}

test("on a phone an agent posts an idea in four taps, seeing similar items right under the title", async ({
  agentPage: page,
}) => {
  const taps = tapCounter();
  // Close to a seeded item, so a match shows up while typing.
  const title = `Codice cliente in fattura difficile da trovare ${uniqueToken()}`;

  await taps.tap(page.getByRole("navigation", { name: "Sezioni" }).getByRole("link", { name: "Nuovo" }));
  await expect(page).toHaveURL(/\/items\/new$/);
  await settle(page);
  await taps.tap(page.getByRole("radio", { name: /^Idea/ }));
  const titleField = page.getByLabel("Titolo", { exact: true });
  await taps.tap(titleField);
  const lookup = page.waitForResponse((response) => new URL(response.url()).pathname.startsWith("/items/similar"));
  await page.keyboard.type(title.slice(0, 40));
  await lookup;
  await settle(page);

  // The matches sit right under the title, on the screen while the keyboard is up.
  const similar = page.getByRole("region", { name: "Elementi simili già pubblicati" });
  const match = similar.getByRole("link", { name: /codice cliente in fattura/i }).first();
  await expect(match).toBeVisible();
  const [fieldBox, matchBox] = await Promise.all([titleField.boundingBox(), match.boundingBox()]);
  expect(matchBox && fieldBox && matchBox.y > fieldBox.y).toBe(true);
  expect(matchBox && matchBox.y + matchBox.height).toBeLessThanOrEqual(844);
  // Its vote button too. Other journeys may have voted for it as Sara: the button must then say so.
  const voteForMatch = similar.getByRole("button", { name: /^(Vota questo|Votato): / }).first();
  await expect(voteForMatch).toBeVisible();
  const alreadyVoted = (await voteForMatch.getAttribute("aria-pressed")) === "true";
  await expect(voteForMatch).toHaveAccessibleName(new RegExp(`^${alreadyVoted ? "Votato" : "Vota questo"}: `));
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: screenshot("post-phone-similar.png") });

  // The lookup the rest of the title starts is awaited, as fillTitle() does, before posting.
  const secondLookup = page.waitForResponse((response) =>
    new URL(response.url()).pathname.startsWith("/items/similar"),
  );
  await page.keyboard.type(title.slice(40));
  await secondLookup;
  await settle(page);
  await page.screenshot({ path: screenshot("post-phone-form.png"), fullPage: true });
  await submitAndWait(page, () => taps.tap(page.getByRole("button", { name: "Pubblica" })));
  await expect(page).toHaveURL(/\/items\/\d+$/);
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  expect(taps.count).toBeLessThanOrEqual(4);
  // No root cause yet: a manager names it at triage.
  await expect(page.getByRole("definition").filter({ hasText: "Da definire" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test("on a phone the small controls are at least 44 by 44 pixels", async ({ agentPage: page }) => {
  const number = await createItem(page, {
    title: `Etichette comode da toccare ${uniqueToken()}`,
    tags: "app, fatture",
  });
  await openItem(page, number);
  await page.getByLabel("Aggiungi un commento").fill("Un commento da poter eliminare.");
  await submitAndWait(page, () => page.getByRole("button", { name: "Commenta", exact: true }).tap());
  const thread = page.getByRole("listitem").filter({ hasText: "Un commento da poter eliminare." });
  await expectTouchSize(page.getByRole("list", { name: "Etichette" }).getByRole("link", { name: "#app" }), "tag chip");
  await expectTouchSize(thread.getByRole("button", { name: "Elimina" }), "Elimina");
  await expectTouchSize(thread.locator("summary", { hasText: "Rispondi" }), "Rispondi");
  await expectNoSeriousA11yViolations(page);

  await visit(page, "/board");
  await expectTouchSize(page.locator("summary", { hasText: "Filtri" }), "Filtri");
  await visit(page, "/items/new");
  const anonymous = page.getByLabel("Pubblica in forma anonima");
  const row = page.locator("label").filter({ has: anonymous });
  await expectTouchSize(row, "anonymous checkbox row");
  // The whole row toggles it, not only the box.
  await row.getByText("Pubblica in forma anonima", { exact: true }).tap();
  await expect(anonymous).toBeChecked();
});

test("the author of an anonymous item sees that it is hers, and that only she knows", async ({ agentPage: page }) => {
  const token = uniqueToken("anonmine");
  const number = await createItem(page, { title: `Un'idea che pubblico senza nome ${token}`, anonymous: true });
  await openItem(page, number);
  await expect(page.getByText("Anonimo — solo tu vedi che è tuo")).toBeVisible();
  await expect(page.getByText(`di ${AGENT.name}`)).toHaveCount(0);
  await visit(page, `/board?q=${token}`);
  const card = page.getByRole("article");
  await expect(card).toContainText("Anonimo — solo tu vedi che è tuo");
  await expect(card).not.toContainText(AGENT.name);
  await expectNoSeriousA11yViolations(page);
});

async function openReplyBox(page: Page, parent: Locator) {
  await parent.locator("summary", { hasText: "Rispondi" }).first().click();
  const field = parent.getByLabel("La tua risposta");
  await expect(field).toBeVisible();
  return field;
}

test.describe("comments", () => {
  test.use({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false });

  test("a posted reply empties and closes its box, so it cannot go twice", async ({ agentPage: page }) => {
    const number = await createItem(page, { title: `Risposte che non partono due volte ${uniqueToken()}` });
    await openItem(page, number);
    await page.getByLabel("Aggiungi un commento").fill("Il commento a cui rispondere.");
    await submitAndWait(page, () => page.getByRole("button", { name: "Commenta", exact: true }).click());
    const parent = page.getByRole("listitem").filter({ hasText: "Il commento a cui rispondere." }).first();
    const field = await openReplyBox(page, parent);
    await field.fill("Ecco la risposta.");
    await submitAndWait(page, () => parent.getByRole("button", { name: "Rispondi", exact: true }).click());
    await expect(parent.getByRole("list").getByRole("listitem").filter({ hasText: "Ecco la risposta." })).toHaveCount(
      1,
    );
    await expect(field).toBeHidden();
    await expect(parent.locator("summary", { hasText: "Rispondi" }).first()).toBeFocused();
    // Opened again, it is empty.
    await expect(await openReplyBox(page, parent)).toHaveValue("");
    await expectNoSeriousA11yViolations(page);
  });

  test("typing @ suggests people, picked with the keyboard, and the mention becomes a link", async ({
    agentPage: page,
  }) => {
    const number = await createItem(page, { title: `Menzioni suggerite mentre scrivo ${uniqueToken()}` });
    await openItem(page, number);
    const box = page.getByLabel("Aggiungi un commento");
    await box.click();
    await page.keyboard.type("Puoi vederlo tu @bianc");
    const list = page.getByRole("listbox", { name: "Persone da menzionare" });
    await expect(list.getByRole("option", { name: new RegExp(MANAGER.name) })).toBeVisible();
    await expect(box).toHaveAttribute("aria-activedescendant", /.+/);
    await expect(page.getByText(/persona: frecce per scegliere|persone: frecce per scegliere/)).toBeAttached();
    await expectNoSeriousA11yViolations(page);
    await page.keyboard.press("Enter");
    await expect(list).toBeHidden();
    await expect(box).toBeFocused();
    await expect(box).toHaveValue("Puoi vederlo tu @marco.bianchi ");
    await page.keyboard.type("domani?");

    // Nobody by that name: it says so instead of saying nothing.
    await page.keyboard.type(" E @zzqq");
    await expect(page.getByText("Nessuno corrisponde a «@zzqq»: questa menzione non avviserà nessuno.")).toBeVisible();
    await page.keyboard.press("Escape");
    await submitAndWait(page, () => page.getByRole("button", { name: "Commenta", exact: true }).click());

    const mention = page.getByRole("link", { name: "@marco.bianchi" });
    await expect(mention).toHaveAttribute("href", "/board?author=marco.bianchi");
    await expect(page.getByRole("link", { name: "@zzqq" })).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);
    await mention.click();
    await expect(page).toHaveURL(/\/board\?author=marco\.bianchi$/);
    await expect(page.getByText(`Pubblicati da ${MANAGER.name}`)).toBeVisible();
    await settle(page);
    await expectNoSeriousA11yViolations(page);
  });
});
