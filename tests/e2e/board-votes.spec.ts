import { expectNoSeriousA11yViolations } from "./support/a11y";
import { AGENT } from "./support/accounts";
import { createItem, uniqueToken, voteButtonFor } from "./support/items";
import { settle, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

test("voting on the board toggles the count, with and without JavaScript", async ({ agentPage: page, browser }) => {
  const token = uniqueToken("voti");
  const title = `Il risponditore non riconosce il codice fiscale ${token}`;
  await createItem(page, {
    title,
    kind: "insight",
    area: "tool_system",
    body: "Succede soprattutto con le lettere accentate.",
  });

  await visit(page, `/board?q=${token}`);
  await expect(page.getByRole("heading", { name: title, level: 2 })).toBeVisible();
  await expect(page.getByRole("article")).toHaveCount(1);
  const vote = voteButtonFor(page, title);
  await expect(vote).toHaveAccessibleName(`Vota «${title}» (0 voti)`);
  await expect(vote).toHaveAttribute("aria-pressed", "false");
  await expectNoSeriousA11yViolations(page);

  // With JavaScript: the count changes at once and stays after the server answers.
  await vote.click();
  await expect(vote).toHaveAccessibleName(`Togli il voto a «${title}» (1 voto)`);
  await expect(vote).toHaveAttribute("aria-pressed", "true");
  await settle(page);
  await expect(vote).toHaveAccessibleName(`Togli il voto a «${title}» (1 voto)`);
  await expect(page).toHaveURL(new RegExp(`/board\\?q=${token}$`));

  await vote.click();
  await expect(vote).toHaveAccessibleName(`Vota «${title}» (0 voti)`);
  await expect(vote).toHaveAttribute("aria-pressed", "false");
  await settle(page);
  await page.reload();
  await settle(page);
  await expect(vote).toHaveAccessibleName(`Vota «${title}» (0 voti)`);
  await expectNoSeriousA11yViolations(page);

  // Without JavaScript the same button is a plain form that comes back to the board.
  const noScript = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  try {
    const plain = await noScript.newPage();
    await plain.goto(`/board?q=${token}`);
    const plainVote = voteButtonFor(plain, title);
    await expect(plainVote).toHaveAccessibleName(`Vota «${title}» (0 voti)`);
    await plainVote.click();
    await expect(plainVote).toHaveAccessibleName(`Togli il voto a «${title}» (1 voto)`);
    await expect(plainVote).toHaveAttribute("aria-pressed", "true");
    await expect(plain).toHaveURL(new RegExp(`/board\\?q=${token}$`));
    await plain.waitForLoadState("load");

    await plainVote.click();
    await expect(plainVote).toHaveAccessibleName(`Vota «${title}» (0 voti)`);
    await expect(plainVote).toHaveAttribute("aria-pressed", "false");
  } finally {
    await noScript.close();
  }

  // Whatever the way, the board in the scripted browser agrees. (axe needs JavaScript to run,
  // so the server-rendered board the script-free browser got is checked here.)
  await page.reload();
  await settle(page);
  await expect(vote).toHaveAccessibleName(`Vota «${title}» (0 voti)`);
  await expect(page.getByRole("link", { name: AGENT.name })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
