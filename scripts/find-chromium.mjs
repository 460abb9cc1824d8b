#!/usr/bin/env node
// Finds a Chromium for the end-to-end tests. Playwright cannot download its own browser
// on machines without access to its CDN, so Debian's chromium package is the fallback.
//
//   node scripts/find-chromium.mjs   prints the path, or one line on how to get a browser
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";
const APT_GET = "/usr/bin/apt-get";

export const NO_CHROMIUM_MESSAGE =
  "No Chromium found: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH";

export class ChromiumNotFoundError extends Error {
  constructor() {
    super(NO_CHROMIUM_MESSAGE);
    this.name = "ChromiumNotFoundError";
  }
}

function playwrightChromium() {
  try {
    const require = createRequire(import.meta.url);
    const path = require("playwright-core").chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function canInstallWithApt() {
  return process.platform === "linux" && process.getuid?.() === 0 && existsSync(APT_GET);
}

function aptGet(args) {
  const result = spawnSync(APT_GET, args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return result.status === 0;
}

/**
 * The path of a Chromium to drive: $CHROMIUM_PATH, Playwright's own download, Debian's
 * package, or (as root, with `install`) Debian's package installed now.
 * Throws ChromiumNotFoundError when there is none.
 */
export function findChromium({ install = true, log = (line) => console.error(line) } = {}) {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    log(`CHROMIUM_PATH=${fromEnv} does not exist; looking elsewhere.`);
  }
  const bundled = playwrightChromium();
  if (bundled) return bundled;
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  if (install && canInstallWithApt()) {
    log("No Chromium found; installing Debian's chromium package.");
    if (aptGet(["update"]) && aptGet(["install", "-y", "chromium"])) {
      if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
    }
  }
  throw new ChromiumNotFoundError();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    console.log(findChromium());
  } catch (error) {
    if (!(error instanceof ChromiumNotFoundError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
