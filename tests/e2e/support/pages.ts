import { expect, type Page, type Response } from "@playwright/test";
import type { Account } from "./accounts";

type RemixWindow = {
  __remixRouter?: {
    state: { navigation: { state: string }; revalidation: string; fetchers: Map<string, { state: string }> };
  };
};

/**
 * Waits until React has hydrated the page (so forms validate in the browser, as they do
 * for a person) and Remix has no navigation, revalidation or fetcher in flight.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const root = document.body.firstElementChild;
    const hydrated = Boolean(root) && Object.keys(root as object).some((key) => key.startsWith("__reactFiber$"));
    const router = (window as unknown as RemixWindow).__remixRouter;
    return (
      hydrated &&
      router !== undefined &&
      router.state.navigation.state === "idle" &&
      router.state.revalidation === "idle" &&
      [...router.state.fetchers.values()].every((fetcher) => fetcher.state === "idle")
    );
  });
}

/** Opens a page and waits until it is ready for a person to use. */
export async function visit(page: Page, path: string): Promise<Response | null> {
  const response = await page.goto(path);
  await settle(page);
  return response;
}

/** Signs in through the sign-in form, in whichever language the page is in. */
export async function signIn(page: Page, account: Account): Promise<void> {
  await visit(page, "/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: /^(Accedi|Sign in)$/ }).click();
  await expect(page).toHaveURL(/\/board$/);
  // The board itself, not an error page inside the shell.
  await expect(page.getByRole("heading", { level: 1, name: /^(Bacheca|Board)$/ })).toBeVisible();
  await settle(page);
}

/** Submits with a click and waits for the server to answer the form's POST. */
export async function submitAndWait(page: Page, click: () => Promise<void>): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.request().method() === "POST"),
    click(),
  ]);
  await settle(page);
  return response;
}

/** How far the page can be scrolled sideways (0 when everything fits the viewport). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
