import type { Page } from "@playwright/test";
import { ADMIN } from "./support/accounts";
import { visit } from "./support/pages";
import { expect, storageStateOf, test } from "./support/signed-in";

// React reports a server page that the browser renders differently (times in another zone,
// say) and throws the server's HTML away: the page flickers and, without JavaScript, was wrong.
const HYDRATION_ERROR = /hydrat|Minified React error #(418|423|425)|did not match/i;

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test("pages showing dates and times hydrate without a mismatch, in a browser in another time zone than the server", async ({
  browser,
}) => {
  // The server runs in UTC; people in Rome see Rome's time, rendered the same on both sides.
  const context = await browser.newContext({
    locale: "it-IT",
    timezoneId: "America/New_York",
    storageState: storageStateOf(ADMIN),
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  try {
    await visit(page, "/board");
    const firstItem = await page.getByRole("article").first().getByRole("link").first().getAttribute("href");
    expect(firstItem).toMatch(/^\/items\/\d+$/);
    for (const path of [
      "/board",
      firstItem!,
      "/me",
      "/notifications",
      "/triage",
      "/dashboard",
      "/clusters",
      "/admin/audit",
      "/admin/users",
      "/admin/imports",
      "/admin/api-keys",
      "/admin/displays",
    ]) {
      const response = await visit(page, path);
      expect(response?.status(), path).toBe(200);
      expect(
        errors.filter((error) => HYDRATION_ERROR.test(error)),
        path,
      ).toEqual([]);
    }
  } finally {
    await context.close();
  }
});
