/** "Giulia De Luca" → "giulia.de.luca": the name people type after @ to mention someone. */
export function handleFromName(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ".")
    .replace(/^\.+|\.+$/g, "")
    .slice(0, 40);
  return base || "user";
}

/** The first of base, base2, base3… that is not taken. */
export function firstFreeHandle(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((handle) => handle.toLowerCase()));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    if (!used.has(`${base}${n}`)) return `${base}${n}`;
  }
}

/** Handles mentioned in a text: "@giulia.rossi" (not emails such as a@b.it). */
export function extractMentions(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/(^|[^\w@.])@([a-z0-9][a-z0-9.]*[a-z0-9]|[a-z0-9])/gi)) {
    if (match[2]) found.add(match[2].toLowerCase());
  }
  return [...found];
}
