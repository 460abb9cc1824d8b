#!/usr/bin/env node
// `npm run test:e2e`: browser journeys with Playwright.
//
// 1. finds Chromium (scripts/find-chromium.mjs) and builds the app when the build is stale;
// 2. prepares a throwaway PGlite folder for the main server (migrations, demo data, and an
//    invitation that has already expired, which no page can make);
// 3. gives the setup server an empty database: a fresh `floorboard_e2e_setup` on the
//    server at TEST_DATABASE_URL when it is set, else a second empty PGlite folder;
// 4. runs `playwright test` (extra arguments are passed on, e.g. `-- --grep setup`),
//    cleans up, and exits with Playwright's exit code.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { buildIfStale } from "./build-if-stale.mjs";
import { ChromiumNotFoundError, findChromium } from "./find-chromium.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SETUP_DATABASE = "floorboard_e2e_setup";

/** Runs a command with inherited output; resolves with its exit code. */
function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", env });
    // Ctrl-C reaches the child from the terminal; staying alive lets the clean-up run.
    const ignore = () => {};
    const forward = (signal) => child.kill(signal);
    process.on("SIGINT", ignore);
    process.on("SIGTERM", forward);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", ignore);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function databaseUrl(serverUrl, name) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `statement` on the server of TEST_DATABASE_URL, from its maintenance database if it can. */
async function onServer(serverUrl, statement) {
  let lastError;
  for (const url of [databaseUrl(serverUrl, "postgres"), serverUrl]) {
    const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      await sql.unsafe(statement);
      return;
    } catch (error) {
      lastError = error;
    } finally {
      await sql.end({ timeout: 5 });
    }
  }
  throw lastError;
}

async function main() {
  let chromiumPath;
  try {
    chromiumPath = findChromium();
  } catch (error) {
    if (!(error instanceof ChromiumNotFoundError)) throw error;
    console.error(error.message);
    return 1;
  }
  if (!(await buildIfStale())) return 1;

  const workDir = mkdtempSync(path.join(tmpdir(), "floorboard-e2e-"));
  const mainDataDir = path.join(workDir, "main");
  const serverUrl = process.env.TEST_DATABASE_URL;
  let setupDatabaseCreated = false;
  try {
    const preparedFile = path.join(workDir, "prepared.json");
    const prepareEnv = { ...process.env, DATABASE_URL: "", PGLITE_DATA_DIR: mainDataDir, LOG_LEVEL: "warn" };
    const prepared = await run("npx", ["tsx", "tests/e2e/support/prepare-database.ts", preparedFile], prepareEnv);
    if (prepared !== 0) {
      console.error("Could not prepare the database for the browser tests.");
      return prepared;
    }
    const { expiredInvitationToken } = JSON.parse(readFileSync(preparedFile, "utf8"));

    const env = {
      ...process.env,
      CHROMIUM_PATH: chromiumPath,
      E2E_PGLITE_DATA_DIR: mainDataDir,
      E2E_EXPIRED_INVITATION_TOKEN: expiredInvitationToken,
      E2E_SETUP_DATABASE_URL: "",
      E2E_SETUP_PGLITE_DATA_DIR: "",
      // The single sign-on server seeds its own demo data on its first start.
      E2E_SSO_PGLITE_DATA_DIR: path.join(workDir, "sso"),
    };
    if (serverUrl) {
      await onServer(serverUrl, `drop database if exists "${SETUP_DATABASE}" with (force)`);
      await onServer(serverUrl, `create database "${SETUP_DATABASE}"`);
      setupDatabaseCreated = true;
      env.E2E_SETUP_DATABASE_URL = databaseUrl(serverUrl, SETUP_DATABASE);
      console.error(`Setup journey on PostgreSQL: database ${SETUP_DATABASE} (from TEST_DATABASE_URL).`);
    } else {
      env.E2E_SETUP_PGLITE_DATA_DIR = path.join(workDir, "setup");
      console.error("Setup journey on an empty PGlite folder (set TEST_DATABASE_URL to use PostgreSQL).");
    }

    return await run(
      "npx",
      ["playwright", "test", "-c", "tests/e2e/playwright.config.ts", ...process.argv.slice(2)],
      env,
    );
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    if (setupDatabaseCreated && serverUrl) {
      await onServer(serverUrl, `drop database if exists "${SETUP_DATABASE}" with (force)`).catch((error) => {
        console.error(`Could not drop ${SETUP_DATABASE}: ${error instanceof Error ? error.message : error}`);
      });
    }
  }
}

process.exitCode = await main();
