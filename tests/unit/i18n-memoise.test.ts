import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nOptions, resources } from "#app/i18n/config";
import { memoiseTranslations } from "#app/i18n/memoise";

async function instance(memoised: boolean) {
  const created = createInstance();
  await created.init({ ...i18nOptions, lng: "it", resources });
  return memoised ? memoiseTranslations(created) : created;
}

describe("memoised translations", () => {
  it("give the same text as i18next for plain keys, plurals and interpolation", async () => {
    const plain = await instance(false);
    const memoised = await instance(true);
    const calls: Array<[string, Record<string, unknown>?]> = [
      ["items:status.planned"],
      ["items:card.comments", { count: 0 }],
      ["items:card.comments", { count: 1 }],
      ["items:card.comments", { count: 7 }],
      ["items:card.by", { name: "Giulia Rossi" }],
      ["items:card.by", { name: "Marco Bianchi" }],
    ];
    for (const [key, options] of [...calls, ...calls]) {
      expect(memoised.t(key, options)).toBe(plain.t(key, options));
    }
    expect(memoised.t("items:card.comments", { count: 1 })).toBe("1 commento");
    expect(memoised.t("items:card.comments", { count: 7 })).toBe("7 commenti");
    const fixed = memoised.getFixedT("it", "items");
    expect(fixed("card.comments", { count: 3 })).toBe(plain.t("items:card.comments", { count: 3 }));
  });

  it("answers a repeated call without asking i18next again", async () => {
    const created = createInstance();
    await created.init({ ...i18nOptions, lng: "en", resources });
    let calls = 0;
    const original = created.t.bind(created);
    created.t = ((...args: Parameters<typeof original>) => {
      calls++;
      return original(...args);
    }) as typeof created.t;
    const memoised = memoiseTranslations(created);
    memoised.t("items:status.done");
    memoised.t("items:status.done");
    memoised.t("items:card.comments", { count: 2 });
    memoised.t("items:card.comments", { count: 2 });
    memoised.t("items:card.comments", { count: 3 });
    expect(calls).toBe(3);
  });

  it("remember what components ask through getFixedT, per language, namespace and prefix", async () => {
    const plain = await instance(false);
    const memoised = await instance(true);
    const items = memoised.getFixedT("it", "items");
    expect(memoised.getFixedT("it", "items")).toBe(items);
    expect(memoised.getFixedT("it", "common")).not.toBe(items);
    const prefixed = memoised.getFixedT("it", "items", "card");
    for (const count of [0, 1, 4, 1]) {
      expect(items("card.comments", { count })).toBe(plain.getFixedT("it", "items")("card.comments", { count }));
      expect(prefixed("comments", { count })).toBe(plain.t("items:card.comments", { count }));
    }
    expect(memoised.getFixedT("en", "items")("status.planned")).toBe(plain.getFixedT("en", "items")("status.planned"));
    expect(memoised.getFixedT("en", "items")("status.planned")).not.toBe(items("status.planned"));

    let calls = 0;
    const original = memoised.t.bind(memoised);
    memoised.t = ((...args: Parameters<typeof original>) => {
      calls++;
      return original(...args);
    }) as typeof memoised.t;
    const fresh = memoised.getFixedT("it", "admin");
    fresh("title");
    fresh("title");
    expect(calls).toBe(1);
  });
});
