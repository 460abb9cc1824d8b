import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { ADMIN, AGENT } from "./support/accounts";
import { createItem, postForm, uniqueToken } from "./support/items";
import { settle, signIn, visit } from "./support/pages";
import { MAIN_PORT } from "./support/servers";
import { expect, test } from "./support/signed-in";

const root = fileURLToPath(new URL("../..", import.meta.url));
const screenshots = path.join(root, "tests/e2e/screenshots");
const TV = { width: 1920, height: 1080 };
const panels = ["whiteboard", "top", "recent", "done", "trends", "qr"] as const;

/** Creates a display through the admin page and returns its wall URL (shown once). */
async function createDisplay(admin: Page, name: string): Promise<string> {
  await visit(admin, "/admin/displays");
  await admin.getByLabel("Nome", { exact: true }).fill(name);
  await admin.getByLabel("Posizione").fill("Sala operativa");
  await admin.getByLabel("Secondi per pannello").fill("600");
  await admin.getByRole("button", { name: "Crea schermo" }).click();
  const url = admin.getByLabel("Indirizzo da aprire sullo schermo");
  await expect(url).toHaveValue(/\/wall\/[A-Za-z0-9_-]{43}$/);
  await settle(admin);
  return url.inputValue();
}

async function openWall(browser: Browser, url: string) {
  // A TV set to another zone still shows the office's time; no motion, so screenshots show the final frame.
  const context = await browser.newContext({ viewport: TV, timezoneId: "America/New_York", reducedMotion: "reduce" });
  const page = await context.newPage();
  await visit(page, url);
  return { context, page };
}

/** The vote count shown on the wall next to an item's title. */
function wallRow(page: Page, title: string) {
  return page.getByRole("listitem").filter({ hasText: title });
}

test("a wall display shows a vote and a new item within two seconds, and says when it was revoked", async ({
  adminPage: page,
  agentPage: agent,
  browser,
}) => {
  const token = uniqueToken("parete");
  const url = await createDisplay(page, `TV ${token}`);
  await expectNoSeriousA11yViolations(page);
  await expect(page.getByText(`TV ${token}`).first()).toBeVisible();

  const wall = await openWall(browser, `${url}?panel=recent`);
  try {
    await expect(wall.page.getByRole("heading", { name: "Appena pubblicate" })).toBeVisible();
    await expectNoSeriousA11yViolations(wall.page);
    // Nothing to scroll on a TV.
    expect(await wall.page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);

    const title = `Richiamata dalla parete ${token}`;
    const posted = Date.now();
    const number = await createItem(agent, { title });
    await expect(wallRow(wall.page, title)).toBeVisible({ timeout: 2_000 });
    expect(Date.now() - posted).toBeLessThan(2_500);

    const voted = Date.now();
    const vote = await postForm(agent, `/items/${number}`, { intent: "vote", voted: "true" });
    expect(vote.status()).toBeLessThan(400);
    await expect(wallRow(wall.page, title).getByText("1", { exact: true })).toBeVisible({ timeout: 2_000 });
    expect(Date.now() - voted).toBeLessThan(2_500);

    // Revoking takes the screen off at once.
    await visit(page, "/admin/displays");
    await page.getByRole("button", { name: `Revoca lo schermo TV ${token}` }).click();
    await expect(page.getByText("Lo schermo è stato revocato: ora mostra che non è più attivo.")).toBeVisible();
    await expect(wall.page.getByRole("heading", { name: "Questo schermo è stato revocato" })).toBeVisible({
      timeout: 5_000,
    });
    await expect(page.getByText(/Visto l'ultima volta/).first()).toBeVisible();
  } finally {
    await wall.context.close();
  }
});

/** Every whiteboard note lies whole inside its column and the screen. */
async function expectNotesFit(page: Page) {
  const cut = await page.evaluate(() => {
    const bottom = window.innerHeight;
    return [...document.querySelectorAll("[data-panel='whiteboard'] ul")].flatMap((list) => {
      const listBox = list.getBoundingClientRect();
      return [...list.querySelectorAll("li")]
        .filter((note) => {
          const box = note.getBoundingClientRect();
          return box.bottom > Math.min(listBox.bottom, bottom) + 0.5 || box.right > window.innerWidth;
        })
        .map((note) => note.textContent);
    });
  });
  expect(cut).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
}

/** The clock's minutes in Rome (APP_TIME_ZONE), allowing for a minute turning over. */
function romeTimes(): string[] {
  const format = new Intl.DateTimeFormat("it", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Rome" });
  return [format.format(new Date()), format.format(new Date(Date.now() + 60_000))];
}

test("each wall panel at 1080p, saved as a screenshot", async ({ adminPage: page, otherAgentPage: voter, browser }) => {
  const url = await createDisplay(page, `Schermate ${uniqueToken("tv")}`);
  const wall = await openWall(browser, url);
  try {
    // Some votes this month, so the "top" panel has something to show.
    await visit(voter, "/board");
    for (const button of (await voter.getByRole("button", { name: /^Vota «/ }).all()).slice(0, 3)) {
      await button.click();
      await settle(voter);
    }
    for (const panel of panels) {
      await visit(wall.page, `${url}?panel=${panel}`);
      await expect(wall.page.locator(`[data-panel="${panel}"] h2`)).toBeVisible();
      if (panel === "qr") await expect(wall.page.getByRole("img", { name: /Codice QR/ })).toBeVisible();
      if (panel === "whiteboard") await expect(wall.page.getByRole("heading", { name: /^Nuovo/ })).toBeVisible();
      await wall.page.waitForTimeout(300);
      await wall.page.screenshot({ path: path.join(screenshots, `wall-${panel}-1080p.png`) });
      expect(await wall.page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
      // Numbers in Italian: no English decimal point ("15.8"), no English thousands ("2,000"); the QR panel's address aside.
      if (panel !== "qr") expect(await wall.page.locator("section").innerText()).not.toMatch(/\d\.\d|\d,\d{3}\b/);

      if (panel === "whiteboard") {
        await expectNotesFit(wall.page);
        // Each column says how many items it really holds, beyond the notes shown.
        const counts = await wall.page.getByTestId("column-count").allInnerTexts();
        expect(counts).toHaveLength(5);
        for (const count of counts) expect(count).toMatch(/^(\d+, i \d+ più votati|\d+ element[oi])$/);
        const fresh = wall.page.getByTestId("column-count").first();
        await expect(fresh).toHaveText(/^\d+, i 3 più votati$/);
        expect(Number((await fresh.innerText()).split(",")[0])).toBeGreaterThan(3);
        // The office's clock, not the TV's zone (New York).
        expect(romeTimes()).toContain(await wall.page.locator("header p").last().innerText());
      }
      if (panel === "done") {
        // A rise in tickets after an item was done is a warning, a fall good news, in words.
        for (const change of await wall.page.locator("[data-direction]").all()) {
          const direction = await change.getAttribute("data-direction");
          const words = { up: /in aumento del \d+%/, down: /in calo del \d+%/, steady: /stabili/ }[direction ?? ""];
          expect(words, `direction ${direction}`).toBeDefined();
          await expect(change).toHaveText(words!);
        }
      }
    }
    await expectNoSeriousA11yViolations(wall.page);

    // The same layout on a 4K screen: everything scales with the viewport, nothing scrolls or is cut off.
    await wall.page.setViewportSize({ width: 3840, height: 2160 });
    await visit(wall.page, `${url}?panel=whiteboard`);
    const titleSize = await wall.page
      .locator("h2")
      .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(titleSize).toBeGreaterThan(100);
    await wall.page.screenshot({ path: path.join(screenshots, "wall-whiteboard-2160p.png") });
    await expectNotesFit(wall.page);
  } finally {
    await wall.context.close();
  }
});

// --- A server of our own, to stop and start ----------------------------------------------------
// Its own database too, so the people sign in there through the form.

/** Past the ports of playwright.config.ts's servers, moved by E2E_PORT like them. */
const OWN_PORT = MAIN_PORT + 4;
const OWN_URL = `http://127.0.0.1:${OWN_PORT}`;

function startServer(dataDir: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "app/server/index.ts"], {
    cwd: root,
    stdio: "ignore",
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(OWN_PORT),
      DATABASE_URL: "",
      PUBLIC_URL: "",
      PGLITE_DATA_DIR: dataDir,
      SEED_DEMO_DATA: "auto",
      LOG_LEVEL: "warn",
    },
  });
}

async function waitHealthy(timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${OWN_URL}/healthz`)).ok) return;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server did not start");
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
}

test("a wall catches up after the server is stopped and started again", async ({ browser }) => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), "floorboard-wall-restart-"));
  let server = startServer(dataDir);
  try {
    await waitHealthy();
    const adminContext = await browser.newContext({ baseURL: OWN_URL });
    const admin = await adminContext.newPage();
    await signIn(admin, ADMIN);
    const url = await createDisplay(admin, "Riavvio");
    const agentContext = await browser.newContext({ baseURL: OWN_URL });
    const agent = await agentContext.newPage();
    await signIn(agent, AGENT);
    const wall = await openWall(browser, `${url}?panel=recent`);
    try {
      const before = `Prima del riavvio ${uniqueToken()}`;
      await createItem(agent, { title: before });
      await expect(wallRow(wall.page, before)).toBeVisible({ timeout: 2_000 });

      // Stopping ends the streams at once (no hanging shutdown); the wall says so after 30 s.
      const stopping = Date.now();
      await stopServer(server);
      expect(Date.now() - stopping).toBeLessThan(8_000);
      await expect(wall.page.getByRole("status")).toHaveText(/^Non in linea dalle \d{2}:\d{2}$/, { timeout: 45_000 });

      server = startServer(dataDir);
      await waitHealthy();
      const after = `Dopo il riavvio ${uniqueToken()}`;
      await createItem(agent, { title: after });
      // Reconnects with backoff (at most 30 s) and replays what it missed.
      await expect(wallRow(wall.page, after)).toBeVisible({ timeout: 40_000 });
      await expect(wall.page.getByRole("status")).toHaveCount(0);
    } finally {
      await agentContext.close();
      await wall.context.close();
      await adminContext.close();
    }
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
