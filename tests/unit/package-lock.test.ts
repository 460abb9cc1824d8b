import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

type LockPackage = {
  version?: string;
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
};
type Lock = { packages: Record<string, LockPackage> };

const root = path.resolve(".");
const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as Lock;
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Where Node would find `name` from the package at `from`: its own node_modules, then each parent's. */
function resolve(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const at = base.lastIndexOf("node_modules/");
    base = at <= 0 ? "" : base.slice(0, at - 1);
  }
}

// `npm ci` refuses a lock that lacks any platform's optional package (an `npm install` on one
// machine can drop the others), and pipelines and container builds run `npm ci`.
describe("package-lock.json", () => {
  it("lists every dependency of package.json", () => {
    const missing = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter(
      (name) => !lock.packages[`node_modules/${name}`],
    );
    expect(missing).toEqual([]);
  });

  it("lists every platform's optional packages, so npm ci works on any machine", () => {
    const missing: string[] = [];
    for (const [location, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        if (!resolve(location, name)) missing.push(`${name} (for ${location || "the app"})`);
      }
    }
    expect(missing).toEqual([]);
    expect(lock.packages["node_modules/@rollup/rollup-darwin-arm64"]).toBeDefined();
  });
});
