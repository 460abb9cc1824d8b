// What a phone on a weak connection downloads for the board: fifty cards must stay within a
// budget of HTML, and the data the page hydrates from must travel once, not once per use.
import { settle, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

const BOARD_HTML_BUDGET_BYTES = 60 * 1024;
/** Of which the data the cards hydrate from: the fields they read, each name once. */
const BOARD_DATA_BUDGET_BYTES = 12 * 1024;

test("the board's fifty cards weigh at most 60 KB of HTML, and their data is sent once", async ({
  agentPage: page,
}) => {
  const response = await page.request.get("/board?sort=top");
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html.match(/<article /g)).toHaveLength(50);
  expect(Buffer.byteLength(html, "utf8")).toBeLessThanOrEqual(BOARD_HTML_BUDGET_BYTES);

  // The loader data is one stream, written into the page once.
  expect(html.match(/window\.__remixContext = /g)).toHaveLength(1);
  const chunks = [...html.matchAll(/streamController\.enqueue\(("(?:[^"\\]|\\.)*")\)/g)];
  expect(chunks).toHaveLength(1);
  expect(Buffer.byteLength(chunks[0]![0], "utf8")).toBeLessThanOrEqual(BOARD_DATA_BUDGET_BYTES);
  const data = JSON.parse(chunks[0]![1]!) as string;

  // Each card's title is in that data once, and inside no other string of it (no labels or
  // markup rendered ahead).
  await visit(page, "/board?sort=top");
  await settle(page);
  const titles = await page.getByRole("article").getByRole("heading", { level: 2 }).allTextContents();
  expect(titles).toHaveLength(50);
  for (const title of titles) {
    expect(data.split(JSON.stringify(title)).length - 1, title).toBe(1);
  }
});
