import { createItem, postForm, uniqueToken, voteButtonFor } from "./support/items";
import { visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

test("the board and the item page update live for another person's vote, and new items wait behind a bar", async ({
  agentPage: page,
  otherAgentPage: other,
}) => {
  const token = uniqueToken("diretta");
  const title = `La coda non mostra il tempo di attesa ${token}`;
  const number = await createItem(page, { title });
  await visit(page, `/board?q=${token}`);
  const vote = voteButtonFor(page, title);
  await expect(vote).toHaveAccessibleName(`Vota «${title}» (0 voti)`);

  const item = await other.context().newPage();
  await visit(item, `/items/${number}`);
  // A vote from the second person changes the count in place, without a reload.
  const response = await postForm(other, `/items/${number}`, { intent: "vote", voted: "true" });
  expect(response.status()).toBeLessThan(400);
  await expect(vote).toHaveAccessibleName(`Vota «${title}» (1 voto)`, { timeout: 2_000 });
  await expect(voteButtonFor(item, title)).toHaveAccessibleName(/\(1 voto\)/, { timeout: 2_000 });

  // A comment posted elsewhere appears on the open item page.
  const comment = `Confermo anche da chat ${token}`;
  const commented = await postForm(other, `/items/${number}`, { intent: "comment", body: comment });
  expect(commented.status()).toBeLessThan(400);
  await expect(item.getByText(comment).first()).toBeVisible({ timeout: 3_000 });

  // A new item does not move the list: a bar offers it.
  await createItem(other, { title: `Un'altra idea ${token}` });
  const bar = page.getByRole("button", { name: /^1 nuovo elemento/ });
  await expect(bar).toBeVisible({ timeout: 2_000 });
  await expect(page.getByRole("article")).toHaveCount(1);
  await bar.click();
  await expect(page.getByRole("article")).toHaveCount(2);
  await expect(bar).toHaveCount(0);
});

test("an open item page shows another person's comment edit and a moderator's hide without a reload", async ({
  agentPage: page,
  otherAgentPage: other,
  managerPage: moderator,
}) => {
  const token = uniqueToken("commento");
  const number = await createItem(page, { title: `Il modulo di reclamo perde gli allegati ${token}` });

  await visit(page, `/items/${number}`);
  // Set once; a reload would lose it.
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));

  const first = `Succede solo con i PDF ${token}`;
  expect((await postForm(other, `/items/${number}`, { intent: "comment", body: first })).status()).toBeLessThan(400);
  const entry = page.locator('li[id^="comment-"]', { hasText: first });
  await expect(entry).toBeVisible({ timeout: 3_000 });
  const commentId = (await entry.getAttribute("id"))?.replace(/^comment-/, "") ?? "";

  const edited = `Succede con i PDF oltre 5 MB ${token}`;
  const edit = await postForm(other, `/items/${number}`, { intent: "comment-edit", commentId, body: edited });
  expect(edit.status()).toBeLessThan(400);
  const thread = page.locator(`#comment-${commentId}`);
  await expect(thread.getByText(edited)).toBeVisible({ timeout: 3_000 });
  await expect(thread.getByText("modificato")).toBeVisible();
  await expect(page.getByText(first)).toHaveCount(0);

  const hide = await postForm(moderator, `/items/${number}`, {
    intent: "comment-hide",
    commentId,
    reason: `Fuori tema ${token}`,
  });
  expect(hide.status()).toBeLessThan(400);
  await expect(thread.getByText("Questo commento è stato nascosto da un moderatore.")).toBeVisible({
    timeout: 3_000,
  });
  await expect(page.getByText(edited)).toHaveCount(0);
  // The reason is for moderators only.
  await expect(page.getByText(`Fuori tema ${token}`)).toHaveCount(0);

  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
});

test("a vote cast while the item page is still opening its live stream still reaches the page", async ({
  agentPage: page,
  otherAgentPage: other,
}) => {
  const token = uniqueToken("apertura");
  const title = `Il rimborso non arriva sulla carta ${token}`;
  const number = await createItem(page, { title });

  // The page's stream connects only after the vote has been committed.
  let voteCommitted!: () => void;
  const committed = new Promise<void>((resolve) => (voteCommitted = resolve));
  await page.route("**/api/v1/events*", async (route) => {
    await committed;
    await route.continue();
  });
  await visit(page, `/items/${number}`);
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));

  const response = await postForm(other, `/items/${number}`, { intent: "vote", voted: "true" });
  expect(response.status()).toBeLessThan(400);
  voteCommitted();
  await expect(voteButtonFor(page, title)).toHaveAccessibleName(/\(1 voto\)/, { timeout: 3_000 });
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
});
