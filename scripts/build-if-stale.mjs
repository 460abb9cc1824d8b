// Builds the app when build/ is missing or older than any source it is made from.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sources = ["app", "db", "public", "vite.config.ts", "package.json", "package-lock.json", "tsconfig.json"];
const output = path.join(root, "build/server/index.js");

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

export function isBuildStale() {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((source) => newestMtime(path.join(root, source)) > built);
}

/** The start-up sentences, in the terminal's language (English when LANG says so, else Italian). */
function startupText() {
  const lang = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || "";
  const locale = /^en\b|^en_/i.test(lang) ? "en" : "it";
  const common = JSON.parse(readFileSync(path.join(root, "app/locales", locale, "common.json"), "utf8"));
  return (key, values = {}) => common.startup[key].replace(/{{(\w+)}}/g, (_, name) => String(values[name] ?? ""));
}

/**
 * Builds the app, saying so; resolves true once built. On failure it prints what the build said
 * and resolves false. Asynchronous, so other start-up work can run meanwhile; `signal` stops it.
 */
export function build({ signal } = {}) {
  const say = startupText();
  console.log(say("building"));
  const started = Date.now();
  // The build's own output (chunk sizes, empty chunks, bundler notes) is kept for when it fails.
  // Remix's own CLI, not through npx: npx adds start-up time and does not pass a stop on to it.
  const cli = path.join(root, "node_modules/@remix-run/dev/dist/cli.js");
  const child = spawn(process.execPath, [cli, "vite:build"], { cwd: root, stdio: ["ignore", "pipe", "pipe"], signal });
  let log = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => (log += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk) => (log += chunk));
  return new Promise((resolve) => {
    child.on("error", (error) => {
      if (error.name !== "AbortError") log += `${error.message}\n`;
    });
    child.on("close", (code) => {
      if (signal?.aborted) return resolve(false);
      if (code !== 0) {
        console.error(say("buildFailed"));
        process.stderr.write(log);
        resolve(false);
        return;
      }
      console.log(say("built", { seconds: Math.round((Date.now() - started) / 1000) }));
      resolve(true);
    });
  });
}

/** Builds when the build is missing or stale; resolves false when that build failed. */
export async function buildIfStale() {
  return isBuildStale() ? build() : true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!(await buildIfStale())) process.exit(1);
}
