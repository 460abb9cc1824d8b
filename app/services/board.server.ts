import { and, desc, eq, exists, fillPlaceholders, gt, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import { queryPrepared, type Database } from "#db/client.server";
import { follows, items, teams, users, votes, type Item } from "#db/schema/index";
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

/** What a page's SQL depends on besides its values: statements are built and prepared once per shape. */
type BoardShape = {
  sort: BoardQuery["sort"];
  status: boolean;
  kind: boolean;
  area: "none" | "one" | undefined;
  channel: boolean;
  team: boolean;
  tag: boolean;
  mine: boolean;
  author: boolean;
  followed: boolean;
  search: boolean;
  cursor: boolean;
  /** Rows to read (the page and one more), written into the SQL as a literal (see buildBoardQuery). */
  take: number;
};

const placeholder = (name: string) => sql.placeholder(name);
const named = (column: AnyPgColumn, name: string) => sql`${column}`.as(name);

/** The board's query for one shape, with placeholders for everything that varies per request. */
function buildBoardQuery(db: Database, shape: BoardShape) {
  const trending = shape.sort === "trending";
  const byImpact = shape.sort === "impact";
  // Recent votes are counted only for the trending sort; other sorts read the counter.
  const recent = db
    .select({ itemId: votes.itemId, n: sql<number>`count(*)::int`.as("recent_votes") })
    .from(votes)
    .where(gt(votes.createdAt, placeholder("weekAgo")))
    .groupBy(votes.itemId)
    .as("recent");
  const recentVotes = trending ? sql<number>`coalesce(${recent.n}, 0)` : sql<number>`0`;
  const sortValue: SQL<number> =
    shape.sort === "new"
      ? sql<number>`${items.number}`
      : trending
        ? recentVotes
        : byImpact
          ? sql<number>`${items.impactTickets}`
          : sql<number>`${items.voteCount}`;

  const conditions: Array<SQL | undefined> = [
    shape.status ? eq(items.status, placeholder("status")) : ne(items.status, "duplicate"),
    shape.kind ? eq(items.kind, placeholder("kind")) : undefined,
    shape.area === "none" ? isNull(items.area) : shape.area ? eq(items.area, placeholder("area")) : undefined,
    shape.channel ? eq(items.channel, placeholder("channel")) : undefined,
    shape.team ? eq(items.teamId, placeholder("team")) : undefined,
    shape.tag ? sql`${items.tags} @> array[${placeholder("tag")}]::text[]` : undefined,
    shape.mine ? eq(items.authorId, placeholder("viewer")) : undefined,
    // Someone's posts, never their anonymous ones (unless the viewer is that someone).
    shape.author
      ? and(
          sql`lower(${author.handle}) = ${placeholder("author")}`,
          or(eq(items.anonymous, false), eq(items.authorId, placeholder("viewer"))),
        )
      : undefined,
    shape.followed
      ? exists(
          db
            .select({ one: sql`1` })
            .from(follows)
            .where(and(eq(follows.itemId, items.id), eq(follows.userId, placeholder("viewer")))),
        )
      : undefined,
    shape.search
      ? sql`(${items.searchVector} @@ (websearch_to_tsquery('italian', ${placeholder("q")}) || websearch_to_tsquery('english', ${placeholder("q")})) or ${items.title} ilike ${placeholder("qLike")})`
      : undefined,
  ];
  if (shape.cursor) {
    conditions.push(
      shape.sort === "new"
        ? sql`${items.number} < ${placeholder("cursorN")}`
        : byImpact
          ? sql`(${items.impactTickets}, ${items.voteCount}, ${items.number}) < (${placeholder("cursorV")}, ${placeholder("cursorW")}, ${placeholder("cursorN")})`
          : sql`(${sortValue}, ${items.number}) < (${placeholder("cursorV")}, ${placeholder("cursorN")})`,
    );
  }

  // Every column under a name of its own: rows are read as the driver returns them (see BoardRow).
  const base = db
    .select({
      id: named(items.id, "id"),
      number: named(items.number, "number"),
      kind: named(items.kind, "kind"),
      title: named(items.title, "title"),
      status: named(items.status, "status"),
      area: named(items.area, "area"),
      channel: named(items.channel, "channel"),
      tags: named(items.tags, "tags"),
      votes: named(items.voteCount, "votes"),
      comments: named(items.commentCount, "comments"),
      // As text in both drivers (PGlite would parse dates itself), as drizzle reads them.
      targetDate: sql`${items.targetDate}::text`.as("target_date"),
      createdAt: sql`${items.createdAt}::text`.as("created_at"),
      anonymous: named(items.anonymous, "anonymous"),
      authorId: named(items.authorId, "author_id"),
      authorName: named(author.name, "author_name"),
      ownerName: named(owner.name, "owner_name"),
      teamName: named(teams.name, "team_name"),
      recentVotes: recentVotes.as("recent_votes"),
      impactTickets: named(items.impactTickets, "impact_tickets"),
      sortValue: sql`${sortValue}`.as("sort_value"),
      voted: sql`${exists(
        db
          .select({ one: sql`1` })
          .from(votes)
          .where(and(eq(votes.itemId, items.id), eq(votes.userId, placeholder("viewer")))),
      )}`.as("voted"),
    })
    .from(items)
    .innerJoin(author, eq(author.id, items.authorId))
    .leftJoin(owner, eq(owner.id, items.ownerId))
    .leftJoin(teams, eq(teams.id, items.teamId))
    .$dynamic();
  return (trending ? base.leftJoin(recent, eq(recent.itemId, items.id)) : base)
    .where(and(...conditions))
    .orderBy(
      ...(byImpact
        ? [desc(items.impactTickets), desc(items.voteCount), desc(items.number)]
        : [desc(sortValue), desc(items.number)]),
    )
    .limit(
      // A literal, not a parameter: PostgreSQL plans a `limit $n` as if it read a tenth of the
      // table, so it would plan the statement anew on every run instead of once.
      sql.raw(String(shape.take)) as unknown as number,
    );
}

/** A row as both drivers return the board's statement. */
type BoardRow = Pick<
  Item,
  "id" | "number" | "kind" | "title" | "status" | "area" | "channel" | "tags" | "anonymous"
> & {
  votes: number;
  comments: number;
  target_date: string | null;
  created_at: string;
  author_id: string;
  author_name: string;
  owner_name: string | null;
  team_name: string | null;
  recent_votes: number;
  impact_tickets: number;
  sort_value: number;
  voted: boolean;
};

type BoardStatement = { text: string; params: unknown[]; prepare: boolean };

/** Statements are prepared for this many shapes per database; rarer shapes are sent unprepared. */
const PREPARED_SHAPES = 64;
const boardStatements = new WeakMap<Database, Map<string, BoardStatement>>();

/**
 * The board's SQL for a shape. Building a query with drizzle (and mapping its rows) cost more
 * CPU than running it, and PostgreSQL parses and plans every unnamed statement again, so each
 * shape's text is built once per database and run as a prepared statement, which PostgreSQL
 * plans once per connection. The shapes prepared are capped: a connection keeps each one.
 */
function boardStatement(db: Database, shape: BoardShape): BoardStatement {
  let statements = boardStatements.get(db);
  if (!statements) boardStatements.set(db, (statements = new Map()));
  const key = JSON.stringify(shape);
  let statement = statements.get(key);
  if (!statement) {
    const { sql: text, params } = buildBoardQuery(db, shape).toSQL();
    statement = { text, params, prepare: statements.size < PREPARED_SHAPES };
    if (statement.prepare) statements.set(key, statement);
  }
  return statement;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of the board in one SQL statement: filters, the viewer's votes, author names
 * with anonymity applied, and keyset pagination on (sort value, number).
 */
export async function listBoard(db: Database, viewer: Viewer, query: BoardQuery, now = new Date()) {
  const limit = query.limit ?? BOARD_PAGE_SIZE;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`invalid board page size: ${limit}`);
  const byImpact = query.sort === "impact";
  // The impact window moves with time: figures older than a day are recomputed first.
  if (byImpact) await refreshImpact(db, { stale: true }, now);
  const cursor = decodeCursor(query.cursor);
  const statement = boardStatement(db, {
    sort: query.sort,
    status: Boolean(query.status),
    kind: Boolean(query.kind),
    area: query.area === "none" ? "none" : query.area ? "one" : undefined,
    channel: Boolean(query.channel),
    team: Boolean(query.team),
    tag: Boolean(query.tag),
    mine: Boolean(query.mine),
    author: Boolean(query.author),
    followed: Boolean(query.followed),
    search: Boolean(query.q),
    cursor: Boolean(cursor),
    take: limit + 1,
  });
  // Every placeholder any shape may use; a shape reads only its own.
  const values = fillPlaceholders(statement.params, {
    viewer: viewer.id,
    weekAgo: new Date(now.getTime() - WEEK_MS).toISOString(),
    status: query.status,
    kind: query.kind,
    area: query.area,
    channel: query.channel,
    team: query.team,
    tag: query.tag,
    author: query.author,
    q: query.q,
    qLike: query.q === undefined ? undefined : likePattern(query.q),
    cursorV: cursor?.v,
    cursorN: cursor?.n,
    cursorW: cursor?.w ?? 2147483647,
  });
  const rows = await queryPrepared<BoardRow>(db, statement.text, values, { prepare: statement.prepare });

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const day = today(now);
  return {
    // Built field by field: copying each row with a rest pattern cost more than the rest of this function.
    items: page.map((row) => ({
      id: row.id,
      number: row.number,
      kind: row.kind,
      title: row.title,
      status: row.status,
      area: row.area,
      channel: row.channel,
      tags: row.tags,
      votes: row.votes,
      comments: row.comments,
      targetDate: row.target_date,
      createdAt: new Date(row.created_at), // as drizzle reads a timestamptz
      ownerName: row.owner_name,
      teamName: row.team_name,
      recentVotes: row.recent_votes,
      voted: row.voted,
      /** Tickets per week in the linked clusters over the last four weeks. */
      impact: perWeek(row.impact_tickets),
      anonymous: row.anonymous,
      authorName: visibleAuthor(
        { anonymous: row.anonymous, authorId: row.author_id, authorName: row.author_name },
        viewer,
      ),
      mine: row.author_id === viewer.id,
      overdue: isOverdue({ status: row.status, targetDate: row.target_date }, day),
    })),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor(
            byImpact
              ? { v: last.impact_tickets, n: last.number, w: last.votes }
              : { v: Number(last.sort_value), n: last.number },
          )
        : null,
  };
}

export type BoardItem = Awaited<ReturnType<typeof listBoard>>["items"][number];

/** Every item matching the board filters, page by page, for the CSV export. */
export async function* iterateBoard(db: Database, viewer: Viewer, query: BoardQuery) {
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
