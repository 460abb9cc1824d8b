// Who may see who posted an item. Pure, so pages, the API, the wall, events and files share it.

/**
 * The author's name, or null when the item is anonymous and the reader is not its author.
 * A reader of null is no one in particular (a wall, a live event, an exported file): it never
 * sees an anonymous author, not even when the author is the one looking.
 */
export function visibleAuthor(
  item: { anonymous: boolean; authorId?: string; authorName: string | null },
  reader: { id: string } | null,
): string | null {
  if (item.anonymous && (reader === null || item.authorId !== reader.id)) return null;
  return item.authorName;
}
