import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { MANAGER } from "./support/accounts";
import { settle, visit } from "./support/pages";
import { expect, signedInContext, test } from "./support/signed-in";

const root = fileURLToPath(new URL("../..", import.meta.url));
const screenshots = path.join(root, "tests/e2e/screenshots");
const DESKTOP = { width: 1440, height: 900 };

const chart = (page: Page, id: string) => page.locator(`[data-chart="${id}"]`);
const bodyRows = (page: Page, id: string) => chart(page, id).locator("tbody tr");
const headers = (page: Page, id: string) => chart(page, id).locator("thead th");

test("a manager reads the dashboard, changes the period and a filter, in Italian and English", async ({
  managerPage: page,
  browser,
}) => {
  await page.setViewportSize(DESKTOP);
  await visit(page, "/dashboard");
  await expect(page.getByRole("heading", { name: "Cruscotto", level: 1 })).toBeVisible();
  for (const section of ["Partecipazione", "Flusso", "Impegni", "Risultati", "Problemi dei clienti"]) {
    await expect(page.getByRole("heading", { name: section, level: 2 })).toBeVisible();
  }
  // The demo tickets come from several channels: the channel mix has a column for each.
  await expect(bodyRows(page, "items-weekly")).toHaveCount(12);
  expect(await headers(page, "channel-mix").count()).toBeGreaterThan(2);
  await chart(page, "items-weekly").getByText("Mostra come tabella").click();
  await expect(chart(page, "items-weekly").getByRole("table")).toBeVisible();
  await expect(chart(page, "items-weekly").getByRole("link", { name: /Scarica CSV/ })).toHaveAttribute(
    "href",
    /\/dashboard\.csv\?chart=items-weekly/,
  );
  await expectNoSeriousA11yViolations(page);
  await page.screenshot({ path: path.join(screenshots, "dashboard-it-1440.png"), fullPage: true });

  // Every bar is named, items and clusters by their "#" number.
  for (const id of [
    "clusters-top",
    "clusters-growth",
    "clusters-unaddressed",
    "outcome-items",
    "participation-teams",
    "overdue-owners",
  ]) {
    const rows = await bodyRows(page, id).count();
    const names = chart(page, id).locator("[data-bar-name]");
    await expect(names, id).toHaveCount(rows);
    if (rows > 0 && id !== "participation-teams" && id !== "overdue-owners")
      await expect(names.first(), id).toHaveText(/^#\d+ /);
  }
  expect(await bodyRows(page, "clusters-top").count()).toBeGreaterThan(3);
  // "Fastest growing" compares with the period before: never a cluster that had nothing then.
  for (const previous of await chart(page, "clusters-growth").locator("tbody tr td:nth-child(3)").allInnerTexts()) {
    expect(previous).not.toBe("0");
  }
  // The flow chart draws every status, with what entered and what left it.
  await expect(chart(page, "status-flow").locator(".recharts-line")).toHaveCount(14);

  // A shorter period: four weekly rows instead of twelve, and the URL says so (a plain GET form).
  await page.getByLabel("Periodo", { exact: true }).selectOption({ label: "Ultime 4 settimane" });
  await page.getByRole("button", { name: "Applica" }).click();
  await settle(page);
  await expect(page).toHaveURL(/range=4/);
  await expect(bodyRows(page, "items-weekly")).toHaveCount(4);
  await expect(bodyRows(page, "votes-weekly")).toHaveCount(4);

  // A channel filter: the ticket mix keeps the phone column alone.
  await page.getByLabel("Periodo", { exact: true }).selectOption({ label: "Ultime 12 settimane" });
  await page.getByLabel("Canale", { exact: true }).selectOption({ label: "Telefono" });
  await page.getByRole("button", { name: "Applica" }).click();
  await settle(page);
  await expect(page).toHaveURL(/channel=phone/);
  await expect(headers(page, "channel-mix")).toHaveText(["Settimana del", "Telefono"]);
  await expect(page.getByLabel("Canale", { exact: true })).toHaveValue("phone");
  await expectNoSeriousA11yViolations(page);

  // Bad custom dates are explained next to the field.
  await visit(page, "/dashboard?range=custom&from=2026-05-10&to=2026-05-01");
  await expect(page.getByText("L'ultimo giorno non può venire prima del primo.")).toBeVisible();
  await expect(page.getByLabel(/^Al/)).toHaveAttribute("aria-invalid", "true");

  // The same page in English, for someone whose browser asks for English. A separate browser:
  // switching with the button would save the language for the demo manager.
  const english = await signedInContext(browser, MANAGER, { locale: "en-GB", viewport: DESKTOP });
  try {
    const enPage = english.page;
    await visit(enPage, "/dashboard?range=52");
    await expect(enPage.getByRole("heading", { name: "Insights dashboard", level: 1 })).toBeVisible();
    await settle(enPage);
    await expect(bodyRows(enPage, "items-weekly")).toHaveCount(52);
    await expect(enPage.getByRole("heading", { name: "Customers' pain", level: 2 })).toBeVisible();
    await expectNoSeriousA11yViolations(enPage);
    await enPage.screenshot({ path: path.join(screenshots, "dashboard-en-1440.png"), fullPage: true });
  } finally {
    await english.context.close();
  }
});
