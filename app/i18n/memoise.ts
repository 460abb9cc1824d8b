import type { i18n } from "i18next";

/**
 * Remembers translations by key and options: the catalogues never change while the server
 * runs, and a board page asks for the same labels (statuses, areas, "3 comments") hundreds of
 * times. Calls with non-primitive options (nested objects, returnObjects) are not remembered.
 */
export function memoiseTranslations(instance: i18n): i18n {
  const translate = instance.t.bind(instance) as unknown as (...args: unknown[]) => unknown;
  const remembered = new Map<string, unknown>();
  const memoised = (...args: unknown[]) => {
    const [key, options] = args;
    if (typeof key !== "string" || args.length > 2) return translate(...args);
    if (options !== undefined && (typeof options !== "object" || options === null || !Object.values(options).every(isPrimitive))) {
      return translate(...args);
    }
    const cacheKey = options === undefined ? key : `${key}\u0000${JSON.stringify(options)}`;
    if (remembered.has(cacheKey)) return remembered.get(cacheKey);
    const value = translate(...args);
    if (remembered.size >= 20_000) remembered.clear();
    remembered.set(cacheKey, value);
    return value;
  };
  instance.t = memoised as unknown as i18n["t"];
  return instance;
}

function isPrimitive(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((entry) => typeof entry === "string");
  return value === null || value === undefined || ["string", "number", "boolean"].includes(typeof value);
}
