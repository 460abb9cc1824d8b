import { and, desc, eq, exists, gt, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "#db/client.server";
import { follows, items, teams, users, votes } from "#db/schema/index";
import type { BoardQuery } from "#app/schemas/items";
import { WEEK_MS } from "#app/utils/time";
import { visibleAuthor } from "./anonymity";
import { perWeek, refreshImpact } from "./clusters/impact.server";
import { today, type Viewer } from "./items.server";
import { isOverdue } from "./workflow";

const author = alias(users, "author");
const owner = alias(users, "owner");

const BOARD_PAGE_SIZE = 50;

/** Keyset position: sort value, item number, and for the impact sort the votes that break ties. */
type Cursor = { v: number; n: number; w?: number };

function encodeCursor(cursor: Cursor): string {
  const parts = cursor.w === undefined ? [cursor.v, cursor.n] : [cursor.v, cursor.n, cursor.w];
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

// Every cursor part is compared with an integer column: a value past its range is damage, not a page.
const isInt32 = (part: unknown) =>
  Number.isInteger(part) && (part as number) >= -2_147_483_648 && (part as number) <= 2_147_483_647;

export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every(isInt32)) {
      return { v: parsed[0] as number, n: parsed[1] as number };
    }
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every(isInt32)) {
      return { v: parsed[0] as number, n: parsed[1] as number, w: parsed[2] as number };
    }
  } catch {
    // A damaged cursor means "first page".
  }
  return undefined;
}

function searchCondition(q: string): SQL {
  return sql`(${items.searchVector} @@ (websearch_to_tsquery('italian', ${q}) || websearch_to_tsquery('english', ${q})) or ${items.title} ilike ${`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})`;
}

/**
 * One page of the board in one SQL statement: filters, the viewer's votes, author names
 * with anonymity applied, and keyset pagination on (sort value, number).
 */
export async function listBoard(db: Queryable, viewer: Viewer, query: BoardQuery, now = new Date()) {
  const limit = query.limit ?? BOARD_PAGE_SIZE;
  const weekAgo = new Date(now.getTime() - WEEK_MS);
  // Recent votes are counted only for the trending sort; other sorts read the counter.
  const recent = db
    .select({ itemId: votes.itemId, n: sql<number>`count(*)::int`.as("recent_votes") })
    .from(votes)
    .where(gt(votes.createdAt, weekAgo))
    .groupBy(votes.itemId)
    .as("recent");
  const trending = query.sort === "trending";
  const byImpact = query.sort === "impact";
  // The impact window moves with time: figures older than a day are recomputed first.
  if (byImpact) await refreshImpact(db, { stale: true }, now);
  const recentVotes = trending ? sql<number>`coalesce(${recent.n}, 0)` : sql<number>`0`;
  const sortValue: SQL<number> =
    query.sort === "new"
      ? sql<number>`${items.number}`
      : trending
        ? recentVotes
        : byImpact
          ? sql<number>`${items.impactTickets}`
          : sql<number>`${items.voteCount}`;

  const conditions: Array<SQL | undefined> = [
    query.status ? eq(items.status, query.status) : ne(items.status, "duplicate"),
    query.kind ? eq(items.kind, query.kind) : undefined,
    query.area === "none" ? isNull(items.area) : query.area ? eq(items.area, query.area) : undefined,
    query.channel ? eq(items.channel, query.channel) : undefined,
    query.team ? eq(items.teamId, query.team) : undefined,
    query.tag ? sql`${items.tags} @> array[${query.tag}]::text[]` : undefined,
    query.mine ? eq(items.authorId, viewer.id) : undefined,
    // Someone's posts, never their anonymous ones (unless the viewer is that someone).
    query.author
      ? and(
          sql`lower(${author.handle}) = ${query.author}`,
          or(eq(items.anonymous, false), eq(items.authorId, viewer.id)),
        )
      : undefined,
    query.followed
      ? exists(
          db
            .select({ one: sql`1` })
            .from(follows)
            .where(and(eq(follows.itemId, items.id), eq(follows.userId, viewer.id))),
        )
      : undefined,
    query.q ? searchCondition(query.q) : undefined,
  ];
  const cursor = decodeCursor(query.cursor);
  if (cursor) {
    conditions.push(
      query.sort === "new"
        ? sql`${items.number} < ${cursor.n}`
        : byImpact
          ? sql`(${items.impactTickets}, ${items.voteCount}, ${items.number}) < (${cursor.v}, ${cursor.w ?? 2147483647}, ${cursor.n})`
          : sql`(${sortValue}, ${items.number}) < (${cursor.v}, ${cursor.n})`,
    );
  }

  const base = db
    .select({
      id: items.id,
      number: items.number,
      kind: items.kind,
      title: items.title,
      status: items.status,
      area: items.area,
      channel: items.channel,
      tags: items.tags,
      votes: items.voteCount,
      comments: items.commentCount,
      targetDate: items.targetDate,
      createdAt: items.createdAt,
      anonymous: items.anonymous,
      authorId: items.authorId,
      authorName: author.name,
      ownerName: owner.name,
      teamName: teams.name,
      recentVotes,
      impactTickets: items.impactTickets,
      sortValue,
      voted: exists(
        db
          .select({ one: sql`1` })
          .from(votes)
          .where(and(eq(votes.itemId, items.id), eq(votes.userId, viewer.id))),
      ),
    })
    .from(items)
    .innerJoin(author, eq(author.id, items.authorId))
    .leftJoin(owner, eq(owner.id, items.ownerId))
    .leftJoin(teams, eq(teams.id, items.teamId))
    .$dynamic();
  const rows = await (trending ? base.leftJoin(recent, eq(recent.itemId, items.id)) : base)
    .where(and(...conditions))
    .orderBy(
      ...(byImpact
        ? [desc(items.impactTickets), desc(items.voteCount), desc(items.number)]
        : [desc(sortValue), desc(items.number)]),
    )
    .limit(limit + 1);

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const day = today(now);
  return {
    items: page.map(({ authorId, authorName, anonymous, sortValue: _sortValue, impactTickets, ...row }) => ({
      ...row,
      /** Tickets per week in the linked clusters over the last four weeks. */
      impact: perWeek(impactTickets),
      anonymous,
      authorName: visibleAuthor({ anonymous, authorId, authorName }, viewer),
      mine: authorId === viewer.id,
      voted: Boolean(row.voted),
      overdue: isOverdue(row, day),
    })),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor(
            byImpact
              ? { v: last.impactTickets, n: last.number, w: last.votes }
              : { v: Number(last.sortValue), n: last.number },
          )
        : null,
  };
}

export type BoardItem = Awaited<ReturnType<typeof listBoard>>["items"][number];

/** Every item matching the board filters, page by page, for the CSV export. */
export async function* iterateBoard(db: Queryable, viewer: Viewer, query: BoardQuery) {
  let cursor: string | undefined;
  do {
    const page = await listBoard(db, viewer, { ...query, cursor, limit: 100 });
    yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * What a board card shows and live updates change, and nothing more: the board page sends
 * fifty of these along with its HTML. A field that is false, zero or empty is left out.
 */
export type BoardCard = Pick<BoardItem, "number" | "kind" | "title" | "status" | "tags" | "votes" | "comments"> & {
  /** Milliseconds since 1970: the card only formats it, and a number is shorter than a Date. */
  createdAt: number;
  area?: NonNullable<BoardItem["area"]>;
  teamName?: string;
  ownerName?: string;
  targetDate?: string;
  /** Null in BoardItem when the viewer may not know it. */
  authorName?: string;
  /** Tickets per week in the linked clusters. */
  impact?: number;
  anonymous?: true;
  mine?: true;
  voted?: true;
  overdue?: true;
};

export function toBoardCard(item: BoardItem): BoardCard {
  const { number, kind, title, status, tags, votes, comments, createdAt } = item;
  return {
    number,
    kind,
    title,
    status,
    tags,
    votes,
    comments,
    createdAt: createdAt.getTime(),
    ...(item.area ? { area: item.area } : {}),
    ...(item.teamName ? { teamName: item.teamName } : {}),
    ...(item.ownerName ? { ownerName: item.ownerName } : {}),
    ...(item.targetDate ? { targetDate: item.targetDate } : {}),
    ...(item.authorName ? { authorName: item.authorName } : {}),
    ...(item.impact ? { impact: item.impact } : {}),
    ...(item.anonymous ? { anonymous: true as const } : {}),
    ...(item.mine ? { mine: true as const } : {}),
    ...(item.voted ? { voted: true as const } : {}),
    ...(item.overdue ? { overdue: true as const } : {}),
  };
}
