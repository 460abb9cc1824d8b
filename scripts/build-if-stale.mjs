// Builds the app when build/ is missing or older than any source it is made from.
import { spawnSync } from "node:child_process";
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

export function buildIfStale() {
  if (!isBuildStale()) return;
  const say = startupText();
  console.log(say("building"));
  const started = Date.now();
  // The build's own output (chunk sizes, empty chunks, bundler notes) is kept for when it fails.
  const result = spawnSync("npx", ["remix", "vite:build"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    console.error(say("buildFailed"));
    process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    process.exit(result.status ?? 1);
  }
  console.log(say("built", { seconds: Math.round((Date.now() - started) / 1000) }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildIfStale();
}
