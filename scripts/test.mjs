// `npm test`: type check, lint, formatting, unit, integration (PGlite, then the real server when
// TEST_DATABASE_URL is set) and browser tests, in that order, stopping at the first failure.
import { spawnSync } from "node:child_process";

const steps = [
  ["Type check", "npx", ["tsc", "--noEmit"]],
  ["Lint", "npx", ["eslint", "--max-warnings", "0", "."]],
  ["Formatting", "npx", ["prettier", "--check", "."]],
  ["Unit tests", "npx", ["vitest", "run", "--project", "unit"]],
  [
    "Integration tests (embedded PGlite)",
    "npx",
    ["vitest", "run", "--project", "integration"],
    { TEST_DATABASE_URL: "" },
  ],
];
if (process.env.TEST_DATABASE_URL) {
  steps.push([
    "Integration tests (PostgreSQL server)",
    "npx",
    ["vitest", "run", "--project", "integration"],
    { TEST_DATABASE_URL: process.env.TEST_DATABASE_URL },
  ]);
}
steps.push(["Browser tests", "node", ["scripts/e2e.mjs"]]);

for (const [title, command, args, env = {}] of steps) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
  console.log(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
console.log("\nAll checks passed.");
