// Helpers for the idea-board journeys: items made through the app's own forms, votes, the
// bell, and the item page's status form.
import { expect, type APIResponse, type Page } from "@playwright/test";
import { settle, submitAndWait } from "./pages";

/** A word no seed item contains, so a search or a CSV export finds only what the test made. */
export function uniqueToken(prefix = "e2e"): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** An ISO day (YYYY-MM-DD) `days` from today, in the browser's time zone (Europe/Rome). */
export function isoDayFromNow(days: number): string {
  const date = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Rome",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(date);
}

/** The origin of the page's server, for requests that must pass the CSRF check like a form would. */
export function originOf(page: Page): string {
  return new URL(page.url()).origin;
}

/** Posts a form the way a browser would (same Origin, the page's session cookie), without following redirects. */
export async function postForm(page: Page, path: string, fields: Record<string, string>): Promise<APIResponse> {
  return page.request.post(path, { form: fields, headers: { Origin: originOf(page) }, maxRedirects: 0 });
}

export type NewItem = {
  title: string;
  kind?: "idea" | "insight";
  area?: string;
  body?: string;
  tags?: string;
  anonymous?: boolean;
};

/**
 * Creates an item through the new-item form's action as the page's signed-in person (for
 * journeys where posting is not what is being tested). Returns the item's number.
 */
export async function createItem(page: Page, item: NewItem): Promise<number> {
  const fields: Record<string, string> = {
    kind: item.kind ?? "idea",
    title: item.title,
    area: item.area ?? "process",
    body: item.body ?? "",
    tags: item.tags ?? "",
  };
  if (item.anonymous) fields.anonymous = "on";
  const response = await postForm(page, "/items/new", fields);
  expect(response.status(), `creating "${item.title}"`).toBe(302);
  const match = /^\/items\/(\d+)$/.exec(response.headers()["location"] ?? "");
  expect(match, `redirect after creating "${item.title}"`).not.toBeNull();
  return Number(match?.[1]);
}

/** The bell in the header: its name carries the unread count ("Notifiche, 3 da leggere"). */
export async function unreadOnBell(page: Page): Promise<number> {
  const label = await page.getByRole("link", { name: /^Notifiche, \d+ da leggere$/ }).getAttribute("aria-label");
  return Number(/(\d+)/.exec(label ?? "")?.[1] ?? Number.NaN);
}

/** The vote button of an item (any state), found by the item's title inside its accessible name. */
export function voteButtonFor(page: Page, title: string) {
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return page.getByRole("button", { name: new RegExp(`^(Vota|Togli il voto a) «${escaped}» \\(\\d+ vot[oi]\\)$`) });
}

/** The count in a vote button's name, e.g. 12 from "Vota «…» (12 voti)". */
export async function votesIn(button: ReturnType<Page["getByRole"]>): Promise<number> {
  const label = (await button.getAttribute("aria-label")) ?? "";
  const match = /\((\d+) vot[oi]\)$/.exec(label);
  if (!match) throw new Error(`no vote count in "${label}"`);
  return Number(match[1]);
}

export type StatusMove = { status: string; owner?: string; targetDate?: string; note?: string };

/** Uses the "Sposta questo elemento" form on the item page that is open (labels in Italian). */
export async function moveWithStatusForm(page: Page, move: StatusMove) {
  const form = statusCard(page);
  await form.getByLabel("Nuovo stato").selectOption({ label: move.status });
  if (move.owner !== undefined) await form.getByLabel("Responsabile").selectOption({ label: move.owner });
  if (move.targetDate !== undefined) await form.getByLabel("Data prevista").fill(move.targetDate);
  if (move.note !== undefined) await form.getByLabel("Nota per chi segue").fill(move.note);
  return submitAndWait(page, () => form.getByRole("button", { name: "Aggiorna lo stato" }).click());
}

export function statusCard(page: Page) {
  return page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: /^(Aggiorna lo stato|Update status)$/ }) });
}

/** Opens an item's page and waits until it is ready. */
export async function openItem(page: Page, number: number) {
  await page.goto(`/items/${number}`);
  await settle(page);
}

/**
 * Types a title into the new-item form and waits for the similar-items lookup it starts,
 * as a person glances at the suggestions before posting. (Posting while that lookup is still
 * in flight leaves its fetcher "loading" in the router for good, which settle() would wait on.)
 */
export async function fillTitle(page: Page, title: string): Promise<void> {
  const lookup = page.waitForResponse((response) => new URL(response.url()).pathname.startsWith("/items/similar"));
  await page.getByLabel(/^(Titolo|Title)$/).fill(title);
  await lookup;
  await settle(page);
}
