import type { BoardItem } from "#app/services/board.server";
import type { ItemView } from "#app/services/items.server";

// What the API answers about items: the fields the pages show, under names that stay stable.

/** The fields every item representation shares; `author` is null for anonymous items the caller did not post. */
function itemFieldsJson(item: BoardItem | ItemView) {
  return {
    id: item.id,
    number: item.number,
    title: item.title,
    kind: item.kind,
    status: item.status,
    area: item.area,
    channel: item.channel,
    votes: item.votes,
    comments: item.comments,
    voted: item.voted,
    anonymous: item.anonymous,
    author: item.authorName,
    owner: item.ownerName,
    team: item.teamName,
    targetDate: item.targetDate,
    overdue: item.overdue,
    tags: item.tags,
    createdAt: item.createdAt,
  };
}

/** An item as the board lists it: one object per item, not a copy (a page lists up to a hundred). */
export function boardItemJson(item: BoardItem) {
  const json: ReturnType<typeof itemFieldsJson> & { impact?: number } = itemFieldsJson(item);
  /** Tickets per week over the last four weeks in the item's linked clusters. */
  json.impact = item.impact;
  return json as Required<typeof json>;
}

/** An item with everything its page shows, anonymity applied for the caller. */
export function itemDetailJson(item: ItemView) {
  return {
    ...itemFieldsJson(item),
    body: item.body,
    following: item.following,
    ownerId: item.ownerId,
    teamId: item.teamId,
    declineReason: item.declineReason,
    duplicateOf: item.duplicateOf,
    outcome: item.outcome,
    version: item.version,
    updatedAt: item.updatedAt,
    doneAt: item.doneAt,
  };
}
