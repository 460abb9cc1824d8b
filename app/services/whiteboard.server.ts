import { and, eq, gt, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "#db/client.server";
import { items, users } from "#db/schema/index";
import { DAY_MS } from "#app/utils/time";
import { today } from "./items.server";
import { isOverdue, progressStatuses } from "./workflow";

const owner = alias(users, "owner");

/** What a note on a whiteboard or a wall shows of an item. */
export const noteColumns = {
  id: items.id,
  number: items.number,
  title: items.title,
  kind: items.kind,
  status: items.status,
  votes: items.voteCount,
};

/** Done items stay on the whiteboard this long after they were done. */
const WHITEBOARD_DONE_DAYS = 30;
const WHITEBOARD_PER_COLUMN = 40;

/**
 * The whiteboard's columns, for the board and the wall alike: the most-voted items of each
 * progress status (done ones only while recently done), in one query. `total` counts every
 * item in the column, not only the notes returned.
 */
export async function whiteboardColumns(db: Queryable, filter: SQL | undefined, perColumn: number, now = new Date()) {
  const doneSince = new Date(now.getTime() - WHITEBOARD_DONE_DAYS * DAY_MS);
  const ranked = db
    .select({
      ...noteColumns,
      comments: items.commentCount,
      targetDate: items.targetDate,
      ownerId: items.ownerId,
      ownerName: owner.name,
      version: items.version,
      rank: sql<number>`row_number() over (partition by ${items.status} order by ${items.voteCount} desc, ${items.number} desc)`.as(
        "rank",
      ),
      total: sql<number>`count(*) over (partition by ${items.status})`.as("total"),
    })
    .from(items)
    .leftJoin(owner, eq(owner.id, items.ownerId))
    .where(
      and(
        inArray(items.status, [...progressStatuses]),
        or(ne(items.status, "done"), gt(items.doneAt, doneSince)),
        filter,
      ),
    )
    .as("ranked");
  const rows = await db
    .select()
    .from(ranked)
    .where(sql`${ranked.rank} <= ${perColumn}`);
  const day = today(now);
  return progressStatuses.map((status) => {
    const inColumn = rows.filter((row) => row.status === status);
    return {
      status,
      total: Number(inColumn[0]?.total ?? 0),
      notes: inColumn
        .sort((a, b) => b.votes - a.votes || b.number - a.number)
        .map(({ rank: _rank, total: _total, ...row }) => ({ ...row, overdue: isOverdue(row, day) })),
    };
  });
}

/** The board's whiteboard, by team and tag. */
export async function listWhiteboard(db: Queryable, filters: { team?: string; tag?: string } = {}, now = new Date()) {
  const filter = and(
    filters.team ? eq(items.teamId, filters.team) : undefined,
    filters.tag ? sql`${items.tags} @> array[${filters.tag}]::text[]` : undefined,
  );
  return whiteboardColumns(db, filter, WHITEBOARD_PER_COLUMN, now);
}

export type WhiteboardNote = Awaited<ReturnType<typeof whiteboardColumns>>[number]["notes"][number];
