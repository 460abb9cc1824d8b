import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { defaultLocale, i18nOptions, namespaces, resources, supportedLocales } from "#app/i18n/config";
import { permissions } from "#app/services/permissions";

const localesDir = path.resolve("app/locales");
const appDir = path.resolve("app");

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : flatten(value, `${prefix}${key}.`),
  );
}

function readLocale(locale: string): Map<string, string[]> {
  const files = readdirSync(path.join(localesDir, locale)).filter((file) => file.endsWith(".json"));
  return new Map(
    files.map((file) => [file, flatten(JSON.parse(readFileSync(path.join(localesDir, locale, file), "utf8")) as Tree)]),
  );
}

const en = readLocale("en");
const it_ = readLocale("it");

const pluralSuffixes = ["_zero", "_one", "_two", "_few", "_many", "_other"];
function pluralBase(key: string): string | null {
  const suffix = pluralSuffixes.find((s) => key.endsWith(s));
  return suffix ? key.slice(0, -suffix.length) : null;
}

describe("locale files", () => {
  it("have one folder per supported locale", () => {
    expect(readdirSync(localesDir).sort()).toEqual([...supportedLocales].sort());
  });

  it("are the same set of files in en and it", () => {
    expect([...en.keys()].sort()).toEqual([...it_.keys()].sort());
    expect([...en.keys()].length).toBeGreaterThan(0);
  });

  it("are all loaded as namespaces by the i18n config", () => {
    expect([...en.keys()].map((file) => file.replace(/\.json$/, "")).sort()).toEqual([...namespaces].sort());
  });

  for (const file of en.keys()) {
    it(`${file}: every key in en exists in it`, () => {
      const missing = en.get(file)!.filter((key) => !it_.get(file)?.includes(key));
      expect(missing).toEqual([]);
    });

    it(`${file}: every key in it exists in en`, () => {
      const missing = (it_.get(file) ?? []).filter((key) => !en.get(file)!.includes(key));
      expect(missing).toEqual([]);
    });
  }

  it("have no empty translations", () => {
    for (const locale of supportedLocales) {
      for (const [ns, tree] of Object.entries(resources[locale])) {
        const empty = flatten(tree as Tree).filter((key) => {
          const value = key.split(".").reduce<unknown>((node, part) => (node as Tree)[part], tree);
          return typeof value !== "string" || value.trim() === "";
        });
        expect(empty, `${locale}/${ns}`).toEqual([]);
      }
    }
  });

  it("keep {{placeholders}} the same in both languages", () => {
    for (const ns of namespaces) {
      for (const key of flatten(resources.en[ns] as Tree)) {
        const pick = (tree: Tree) =>
          key.split(".").reduce<unknown>((node, part) => (node as Tree)?.[part], tree) as string;
        const vars = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
        expect(vars(pick(resources.it[ns] as Tree)), `${ns}:${key}`).toEqual(vars(pick(resources.en[ns] as Tree)));
      }
    }
  });
});

describe("plural forms", () => {
  for (const [name, files] of [
    ["en", en],
    ["it", it_],
  ] as const) {
    it(`${name}: every plural key has both _one and _other, and no bare key beside them`, () => {
      for (const [file, keys] of files) {
        const bases = new Set(keys.map(pluralBase).filter((base): base is string => base !== null));
        for (const base of bases) {
          expect(keys, `${name}/${file} ${base}_one`).toContain(`${base}_one`);
          expect(keys, `${name}/${file} ${base}_other`).toContain(`${base}_other`);
          expect(keys, `${name}/${file} ${base} (bare)`).not.toContain(base);
        }
      }
    });
  }

  it("use the same plural keys in both languages", () => {
    for (const [file, keys] of en) {
      const plural = (list: string[]) => list.filter((key) => pluralBase(key) !== null).sort();
      expect(plural(it_.get(file) ?? []), file).toEqual(plural(keys));
    }
  });

  it("render a real sentence for the counts the app shows, in both languages", async () => {
    const i18n = createInstance();
    await i18n.init({ ...i18nOptions, resources, lng: defaultLocale });
    const pluralKeys = namespaces.flatMap((ns) =>
      [
        ...new Set(
          flatten(resources.en[ns] as Tree)
            .map(pluralBase)
            .filter((base): base is string => base !== null),
        ),
      ].map((base) => `${ns}:${base}`),
    );
    expect(pluralKeys).toContain("auth:login.throttled");
    for (const locale of supportedLocales) {
      const t = i18n.getFixedT(locale);
      for (const key of pluralKeys) {
        for (const count of [0, 1, 2, 30, 900]) {
          const text = t(key, { count });
          expect(text, `${locale} ${key} ${count}`).not.toBe(key.split(":")[1]);
          expect(text, `${locale} ${key} ${count}`).toContain(String(count));
        }
      }
    }
    const itT = i18n.getFixedT("it");
    const enT = i18n.getFixedT("en");
    expect(itT("auth:login.throttled", { count: 1 })).toContain("1 secondo");
    expect(itT("auth:login.throttled", { count: 30 })).toContain("30 secondi");
    expect(enT("auth:login.throttled", { count: 1 })).toContain("1 second,");
    expect(enT("auth:login.throttled", { count: 30 })).toContain("30 seconds");
  });
});

describe("keys used by the code", () => {
  function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "locales" ? [] : sourceFiles(full);
      return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
    });
  }

  function keyExists(locale: "en" | "it", ns: string, key: string): boolean {
    const tree = resources[locale][ns as (typeof namespaces)[number]] as Tree | undefined;
    if (!tree) return false;
    const keys = flatten(tree);
    return keys.includes(key) || (keys.includes(`${key}_one`) && keys.includes(`${key}_other`));
  }

  /** "ns:key" is looked up in ns; a bare key in any namespace the file's useTranslation() calls name, or common. */
  function exists(locale: "en" | "it", fullKey: string, fileNamespaces: string[] = ["common"]): boolean {
    const colon = fullKey.indexOf(":");
    if (colon > 0 && (namespaces as readonly string[]).includes(fullKey.slice(0, colon))) {
      return keyExists(locale, fullKey.slice(0, colon), fullKey.slice(colon + 1));
    }
    return fileNamespaces.some((ns) => keyExists(locale, ns, fullKey));
  }

  const permissionNames = new Set(Object.keys(permissions));
  const nested = namespaces.filter((ns) => ns !== "validation").join("|");
  const keyLiteral = new RegExp(`"(validation:\\w+|(?:${nested}):\\w+\\.[\\w.]+)"`, "g");
  const used: Array<[key: string, fileNamespaces: string[]]> = [];
  for (const file of sourceFiles(appDir)) {
    // Without comments, which may quote keys loosely.
    const text = readFileSync(file, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    const fileNamespaces = ["common"];
    for (const match of text.matchAll(/useTranslation\(\s*(\[[^\]]*\]|"[^"]*")/g)) {
      fileNamespaces.push(...[...match[1]!.matchAll(/"([^"]+)"/g)].map((ns) => ns[1]!));
    }
    for (const match of text.matchAll(/\bt\(\s*"([^"]+)"/g)) used.push([match[1]!, fileNamespaces]);
    // Keys kept in strings for later translation ("validation:passwordMin", "auth:login.invalid").
    // Other "a:b" names (permissions, API scopes) have no dot and are not validation keys.
    for (const match of text.matchAll(keyLiteral)) {
      if (!permissionNames.has(match[1]!)) used.push([match[1]!, fileNamespaces]);
    }
  }

  it("finds the literal keys in the source", () => {
    expect(used.length).toBeGreaterThan(50);
    expect(used.map(([key]) => key)).toContain("validation:passwordMismatch");
  });

  it("has every literal key in both languages", () => {
    for (const locale of supportedLocales) {
      const missing = used.filter(([key, fileNamespaces]) => !exists(locale, key, fileNamespaces)).map(([key]) => key);
      expect(missing, locale).toEqual([]);
    }
  });

  it("has the keys built from values at run time", () => {
    const dynamic = [
      ...["agent", "manager", "admin"].map((role) => `roles.${role}`),
      ...supportedLocales.map((locale) => `language.${locale}`),
      ...["400", "403", "404", "409", "410", "413", "429", "500", "503"].flatMap((status) => [
        `errors.${status}.title`,
        `errors.${status}.body`,
      ]),
      ...["unknown", "expired", "used", "revoked"].flatMap((state) => [
        `auth:invite.state.${state}`,
        `auth:invite.state.${state}Title`,
      ]),
      ...["notFound", "lastAdmin", "self", "teamInvalid"].map((error) => `admin:users.errors.${error}`),
      ...[
        "setup.complete",
        "user.update",
        "user.deactivate",
        "user.reactivate",
        "invitation.create",
        "invitation.revoke",
        "invitation.accept",
        "team.create",
        "team.rename",
        "team.archive",
        "team.restore",
      ].map((action) => `admin:audit.actions.${action}`),
    ];
    for (const locale of supportedLocales) {
      expect(
        dynamic.filter((key) => !exists(locale, key)),
        locale,
      ).toEqual([]);
    }
  });
});
