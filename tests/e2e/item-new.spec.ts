import { expectNoSeriousA11yViolations } from "./support/a11y";
import { AGENT } from "./support/accounts";
import { fillTitle, openItem, uniqueToken, votesIn } from "./support/items";
import { settle, submitAndWait, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

// A seed item (app/services/demo/items.ts) that the agent has not voted for; only this journey votes on it.
const SEED_TITLE = "I clienti non trovano il codice cliente in fattura";

test("an agent sees a similar item while typing, votes for it instead, then still posts her own idea", async ({
  agentPage: page,
}) => {
  await visit(page, "/items/new");
  await expect(page.getByRole("heading", { name: "Nuova osservazione o idea", level: 1 })).toBeVisible();
  // Right under the title, where the eye is while typing.
  const aside = page.getByRole("region", { name: "Elementi simili già pubblicati" });
  await expect(
    aside.getByText("Mentre scrivi il titolo, qui compaiono gli elementi simili già pubblicati."),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel("Titolo").pressSequentially("codice cliente in fattura");
  const suggestion = aside
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: new RegExp(`^#\\d+ ${SEED_TITLE}$`) }) });
  await expect(suggestion).toBeVisible();
  await settle(page);
  const voteInstead = suggestion.getByRole("button", {
    name: new RegExp(`^(Vota questo|Votato): ${SEED_TITLE} \\(\\d+ vot[oi]\\)$`),
  });
  await expect(voteInstead).toHaveAttribute("aria-pressed", "false");
  await expect(voteInstead).toContainText("Vota questo");
  const before = await votesIn(voteInstead);
  const seedHref = await suggestion.getByRole("link").getAttribute("href");
  await expectNoSeriousA11yViolations(page);

  await voteInstead.click();
  await expect(voteInstead).toHaveAttribute("aria-pressed", "true");
  await expect(voteInstead).toHaveAccessibleName(`Votato: ${SEED_TITLE} (${before + 1} voti)`);
  await settle(page);
  // The server agrees once the suggestions are loaded again.
  await expect(voteInstead).toHaveAccessibleName(`Votato: ${SEED_TITLE} (${before + 1} voti)`);

  // After a reload the draft brings the suggestions back, and they know she has voted.
  await page.reload();
  await settle(page);
  await expect(page.getByText("Abbiamo ripristinato la bozza che stavi scrivendo.")).toBeVisible();
  await expect(page.getByLabel("Titolo")).toHaveValue("codice cliente in fattura");
  await expect(voteInstead).toHaveAccessibleName(`Votato: ${SEED_TITLE} (${before + 1} voti)`);
  await expect(voteInstead).toHaveAttribute("aria-pressed", "true");
  await settle(page);

  // She still has something different to say: her own idea, in the same form.
  const title = `Codice cliente anche nell'app, nella prima schermata ${uniqueToken()}`;
  await page.getByRole("radio", { name: /^Idea/ }).check();
  await fillTitle(page, title);
  await page.getByLabel("Causa").selectOption({ label: "Prodotto" });
  await page
    .getByLabel("Dettagli")
    .fill("Chi chiama dall'app non trova il codice: mostrarlo in alto nella schermata iniziale.");
  await page.getByLabel("Etichette").fill("app, fatture");
  await submitAndWait(page, () => page.getByRole("button", { name: "Pubblica" }).click());

  await expect(page).toHaveURL(/\/items\/\d+$/);
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(page.getByText(`di ${AGENT.name}`)).toBeVisible();
  await expect(page.getByRole("list", { name: "Etichette" }).getByRole("link")).toHaveText(["#app", "#fatture"]);
  await expect(page.getByText(`${AGENT.name} l'ha pubblicato`)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // The vote she gave from the suggestion is on the seed item.
  const seedNumber = Number(/\/items\/(\d+)$/.exec(seedHref ?? "")?.[1]);
  await openItem(page, seedNumber);
  await expect(
    page.getByRole("button", { name: `Togli il voto a «${SEED_TITLE}» (${before + 1} voti)` }),
  ).toHaveAttribute("aria-pressed", "true");
  await expectNoSeriousA11yViolations(page);
});

test("a draft of a new item survives a reload and can be thrown away", async ({ agentPage: page }) => {
  const title = `Bozza: il modulo resi chiede lo scontrino ${uniqueToken()}`;
  await visit(page, "/items/new");
  await page.getByRole("radio", { name: /^Osservazione/ }).check();
  await fillTitle(page, title);
  await page.getByLabel("Dettagli").fill("Da finire dopo la pausa.");
  await expect
    .poll(() => page.evaluate(() => window.localStorage.getItem("floorboard:new-item-draft")))
    .toContain(title);

  await page.reload();
  await settle(page);
  const notice = page.getByRole("status").filter({ hasText: "Abbiamo ripristinato la bozza che stavi scrivendo." });
  await expect(notice).toBeVisible();
  await expect(page.getByLabel("Titolo")).toHaveValue(title);
  await expect(page.getByLabel("Dettagli")).toHaveValue("Da finire dopo la pausa.");
  await expect(page.getByRole("radio", { name: /^Osservazione/ })).toBeChecked();
  await expectNoSeriousA11yViolations(page);

  await notice.getByRole("button", { name: "Elimina la bozza" }).click();
  await expect(notice).toBeHidden();
  await expect(page.getByLabel("Titolo")).toHaveValue("");
  expect(await page.evaluate(() => window.localStorage.getItem("floorboard:new-item-draft"))).toBeNull();
  await page.reload();
  await settle(page);
  await expect(page.getByLabel("Titolo")).toHaveValue("");
  await expect(page.getByText("Abbiamo ripristinato la bozza che stavi scrivendo.")).toBeHidden();
});
