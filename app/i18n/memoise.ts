import type { i18n } from "i18next";

/**
 * Remembers translations by key and options: the catalogues never change while the server
 * runs, and a board page asks for the same labels (statuses, areas, "3 comments") hundreds of
 * times. Calls with non-primitive options (nested objects, returnObjects) are not remembered.
 */
export function memoiseTranslations(instance: i18n): i18n {
  const translate = instance.t.bind(instance) as unknown as Translate;
  instance.t = remember(translate) as unknown as i18n["t"];
  // Components translate through getFixedT (react-i18next's useTranslation): remember its
  // answers too, so a hit skips i18next's option building as well as the lookup.
  const getFixedT = instance.getFixedT.bind(instance) as unknown as (
    ...args: unknown[]
  ) => Translate & Record<string, unknown>;
  const fixed = new Map<string, Translate>();
  instance.getFixedT = ((...args: unknown[]) => {
    const id = JSON.stringify(args.map((arg) => arg ?? null));
    let translateFixed = fixed.get(id);
    if (!translateFixed) {
      const original = getFixedT(...args);
      translateFixed = Object.assign(remember(original), {
        lng: original.lng,
        lngs: original.lngs,
        ns: original.ns,
        keyPrefix: original.keyPrefix,
      });
      fixed.set(id, translateFixed);
    }
    return translateFixed;
  }) as unknown as i18n["getFixedT"];
  return instance;
}

type Translate = (...args: unknown[]) => unknown;

function remember(translate: Translate): Translate {
  const remembered = new Map<string, unknown>();
  return (...args: unknown[]) => {
    const [key, options] = args;
    if (typeof key !== "string" || args.length > 2) return translate(...args);
    if (
      options !== undefined &&
      (typeof options !== "object" || options === null || !Object.values(options).every(isPrimitive))
    ) {
      return translate(...args);
    }
    const cacheKey = options === undefined ? key : `${key}\u0000${JSON.stringify(options)}`;
    if (remembered.has(cacheKey)) return remembered.get(cacheKey);
    const value = translate(...args);
    if (remembered.size >= 20_000) remembered.clear();
    remembered.set(cacheKey, value);
    return value;
  };
}

function isPrimitive(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((entry) => typeof entry === "string");
  return value === null || value === undefined || ["string", "number", "boolean"].includes(typeof value);
}
