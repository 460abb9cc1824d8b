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

export type MentionSegment = { type: "text"; value: string } | { type: "mention"; value: string; handle: string };

/** Splits text around the "@handles" in `known`; others stay text, as they mention nobody. */
export function splitMentions(text: string, known: ReadonlySet<string>): MentionSegment[] {
  const segments: MentionSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(/(^|[^\w@.])@([a-z0-9][a-z0-9.]*[a-z0-9]|[a-z0-9])/gi)) {
    const handle = match[2]?.toLowerCase();
    if (!handle || !known.has(handle)) continue;
    const start = (match.index ?? 0) + (match[1]?.length ?? 0);
    if (start > last) segments.push({ type: "text", value: text.slice(last, start) });
    segments.push({ type: "mention", value: text.slice(start, start + handle.length + 1), handle });
    last = start + handle.length + 1;
  }
  if (last < text.length) segments.push({ type: "text", value: text.slice(last) });
  return segments;
}

/** The "@word" being typed just before the caret, or null when the caret is not in one. */
export function mentionAtCaret(text: string, caret: number): { query: string; start: number } | null {
  const match = /(^|[^\w@.])@([a-z0-9.]*)$/i.exec(text.slice(0, caret));
  if (!match) return null;
  return { query: match[2] ?? "", start: caret - (match[2]?.length ?? 0) - 1 };
}
