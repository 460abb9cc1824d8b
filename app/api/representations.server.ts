import type { BoardItem, ItemView } from "#app/services/items.server";

// What the API answers about items: the fields the pages show, under names that stay stable.

/** An item as the board lists it. `author` is null for anonymous items the caller did not post. */
export function boardItemJson(item: BoardItem) {
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
    /** Tickets per week over the last four weeks in the item's linked clusters. */
    impact: item.impact,
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

/** An item with everything its page shows, anonymity applied for the caller. */
export function itemDetailJson(item: ItemView) {
  return {
    id: item.id,
    number: item.number,
    title: item.title,
    body: item.body,
    kind: item.kind,
    status: item.status,
    area: item.area,
    channel: item.channel,
    votes: item.votes,
    comments: item.comments,
    voted: item.voted,
    following: item.following,
    anonymous: item.anonymous,
    author: item.authorName,
    owner: item.ownerName,
    ownerId: item.ownerId,
    team: item.teamName,
    teamId: item.teamId,
    targetDate: item.targetDate,
    overdue: item.overdue,
    declineReason: item.declineReason,
    duplicateOf: item.duplicateOf,
    outcome: item.outcome,
    tags: item.tags,
    version: item.version,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    doneAt: item.doneAt,
  };
}
