export type TextSegment = { type: "text"; value: string } | { type: "link"; value: string; href: string };

// http(s) URLs and www. addresses; trailing punctuation stays outside the link.
const urlPattern = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;
const trailing = /[.,;:!?)\]}'"]+$/;

/**
 * Splits plain text into text and link segments. Rendering the segments as React text
 * nodes and anchors keeps everything else escaped.
 */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    const start = match.index ?? 0;
    let url = match[0];
    const tail = url.match(trailing)?.[0] ?? "";
    if (tail) url = url.slice(0, -tail.length);
    if (!url) continue;
    if (start > last) segments.push({ type: "text", value: text.slice(last, start) });
    const href = url.toLowerCase().startsWith("www.") ? `https://${url}` : url;
    segments.push({ type: "link", value: url, href });
    last = start + url.length;
  }
  if (last < text.length) segments.push({ type: "text", value: text.slice(last) });
  return segments;
}
