import type { Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { fillTitle, originOf, postForm, uniqueToken } from "./support/items";
import { settle, submitAndWait, visit } from "./support/pages";
import { expect, test } from "./support/signed-in";

const SCRIPT = "<script>window.__pwned=1</script>";
const IMG = '<img src=x onerror="window.__pwned=2">';

async function pwned(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

/** What the CSV export holds for a search: the header, then one line per item found. */
async function exportedLines(page: Page, token: string): Promise<string[]> {
  const response = await page.request.get(`/board.csv?q=${token}`);
  expect(response.status()).toBe(200);
  return (await response.text()).split("\r\n").filter(Boolean);
}

test("markup and script in a title, body or comment stay inert text", async ({ agentPage: page }) => {
  const token = uniqueToken("ostile");
  const title = `${SCRIPT}${IMG} ${token}`;
  const body = [
    `Prova ${SCRIPT}${IMG}`,
    "[clicca qui](javascript:alert(1)) oppure javascript:alert(1)",
    "La guida è su https://example.com/guida e su www.example.org.",
  ].join("\n");
  await visit(page, "/items/new");
  await page.getByRole("radio", { name: /^Idea/ }).check();
  await fillTitle(page, title);
  await page.getByLabel("Causa").selectOption({ label: "Strumento / sistema" });
  await page.getByLabel("Dettagli").fill(body);
  await submitAndWait(page, () => page.getByRole("button", { name: "Pubblica" }).click());
  await expect(page).toHaveURL(/\/items\/\d+$/);
  const itemPath = new URL(page.url()).pathname;

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const bodyElement = page.locator("div").filter({ hasText: /^Prova <script>window\.__pwned=1<\/script>/ });
  await expect(bodyElement).toHaveCount(1);
  expect(await bodyElement.evaluate((element) => element.textContent)).toBe(body);
  await expect(bodyElement.locator("script, img, iframe, object, embed")).toHaveCount(0);
  const hrefs = await bodyElement.locator("a").evaluateAll((links) => links.map((link) => link.getAttribute("href")));
  expect(hrefs).toEqual(["https://example.com/guida", "https://www.example.org"]);
  for (const href of hrefs) expect(href).toMatch(/^https?:\/\//);
  await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await pwned(page)).toBeUndefined();
  await expectNoSeriousA11yViolations(page);

  // A comment with HTML is shown as the text that was typed.
  const comment = `<b>grassetto</b> ${SCRIPT.replace("1", "3")} <a href="javascript:alert(2)">qui</a>`;
  await page.getByLabel("Aggiungi un commento").fill(comment);
  await submitAndWait(page, () => page.getByRole("button", { name: "Commenta", exact: true }).click());
  const thread = page.getByRole("listitem").filter({ hasText: "<b>grassetto</b>" });
  await expect(thread.locator("p").getByText(comment, { exact: true })).toBeVisible();
  await expect(thread.locator("b, script, a[href]")).toHaveCount(0);
  await page.reload();
  await settle(page);
  await expect(thread.locator("p").getByText(comment, { exact: true })).toBeVisible();
  await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
  expect(await pwned(page)).toBeUndefined();

  // On the board too the title is text.
  await visit(page, `/board?q=${token}`);
  await expect(page.getByRole("link", { name: title, exact: true })).toHaveAttribute("href", itemPath);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await pwned(page)).toBeUndefined();
  await expectNoSeriousA11yViolations(page);
});

test("too long, unknown or forged input is refused and creates nothing", async ({ agentPage: page }) => {
  const token = uniqueToken("limiti");
  await visit(page, "/items/new");

  // The field stops at 5,000 characters; pasted past a browser that ignores the limit,
  // the form still refuses with the reason next to the field.
  const details = page.getByLabel("Dettagli");
  await expect(details).toHaveAttribute("maxlength", "5000");
  await details.evaluate((element) => element.removeAttribute("maxlength"));
  await page.getByRole("radio", { name: /^Osservazione/ }).check();
  await fillTitle(page, `Descrizione troppo lunga ${token}`);
  await page.getByLabel("Causa").selectOption({ label: "Processo" });
  await details.fill("a".repeat(6000));
  await page.getByRole("button", { name: "Pubblica" }).click();
  await expect(details).toHaveAttribute("aria-invalid", "true");
  await expect(details).toHaveAccessibleDescription(/I dettagli devono restare sotto i 5\.000 caratteri\./);
  await expect(page).toHaveURL(/\/items\/new$/);
  await expectNoSeriousA11yViolations(page);

  // The server checks the same, and the other fields, whatever the form allowed.
  const base = { kind: "insight", title: `Richiesta costruita a mano ${token}`, area: "process", body: "" };
  const tooLong = await postForm(page, "/items/new", { ...base, body: "a".repeat(6000) });
  expect(tooLong.status()).toBe(400);
  expect(await tooLong.text()).toContain("I dettagli devono restare sotto i 5.000 caratteri.");
  for (const [field, value] of [
    ["kind", "banana"],
    ["area", "marketing"],
    ["channel", "piccione"],
    ["teamId", "not-a-team"],
  ] as const) {
    const response = await postForm(page, "/items/new", { ...base, [field]: value });
    expect(response.status(), `${field}=${value}`).toBe(400);
  }
  // Without the page's Origin the same post is refused before it reaches the form.
  const forged = await page.request.post("/items/new", { form: { ...base, kind: "idea" }, maxRedirects: 0 });
  expect(forged.status()).toBe(403);
  const crossSite = await page.request.post("/items/new", {
    form: { ...base, kind: "idea" },
    headers: { Origin: "https://attacker.example" },
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
  expect(originOf(page)).not.toBe("https://attacker.example");

  expect(await exportedLines(page, token)).toHaveLength(1);
  await visit(page, `/board?q=${token}`);
  await expect(page.getByText(`Nessun elemento trovato per «${token}».`)).toBeVisible();
  await expect(page.getByRole("article")).toHaveCount(0);
});

test("details right at the limit are accepted with their line breaks, also without JavaScript", async ({
  agentPage: page,
  browser,
}) => {
  const token = uniqueToken("limite");
  const title = `Dettagli lunghi esattamente 5000 caratteri ${token}`;
  // 100 lines of 49 characters, 99 line breaks and a final "!": 5,000 characters as the field
  // counts them, though a form posted without JavaScript sends each line break as CR LF.
  const body =
    Array.from({ length: 100 }, (_, line) => `${String(line).padStart(3, "0")} ${"x".repeat(45)}`).join("\n") + "!";
  expect(body).toHaveLength(5000);

  const noScript = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  try {
    const plain = await noScript.newPage();
    await plain.goto("/items/new");
    await plain.getByRole("radio", { name: /^Osservazione/ }).check();
    await plain.getByLabel("Titolo").fill(title);
    await plain.getByLabel("Causa").selectOption({ label: "Processo" });
    await plain.getByLabel("Dettagli").fill(body);
    await expect(plain.getByLabel("Dettagli")).toHaveValue(body);
    await plain.getByRole("button", { name: "Pubblica" }).click();
    await expect(plain.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    await expect(plain).toHaveURL(/\/items\/\d+$/);
    const itemPath = new URL(plain.url()).pathname;

    // The scripted browser shows the same item, every line of it (axe needs JavaScript).
    await visit(page, itemPath);
    const details = page.locator("div").filter({ hasText: /^000 x{45}/ });
    expect(await details.evaluate((element) => element.textContent)).toBe(body);
    await expectNoSeriousA11yViolations(page);
  } finally {
    await noScript.close();
  }
});
