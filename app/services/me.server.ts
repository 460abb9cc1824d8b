import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "#db/client.server";
import { follows, items, outcomes, users, votes, type OutcomeAnswer, type TimelineType } from "#db/schema/index";
import type { MeSection } from "#app/schemas/me";
import { AFTER_DONE_WEEKS } from "./clusters/impact.server";
import { visibleAuthor } from "./anonymity";
import { today, type Viewer } from "./items.server";
import { isOverdue, type ItemStatus } from "./workflow";

const ME_PAGE_SIZE = 50;

/** Keyset position: when the item entered the section (as Postgres text, full precision) and its number. */
type MeCursor = { t: string; n: number };

function encodeMeCursor(cursor: MeCursor): string {
  return Buffer.from(JSON.stringify([cursor.t, cursor.n])).toString("base64url");
}

function decodeMeCursor(value: string | null | undefined): MeCursor | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === "string" &&
      !Number.isNaN(Date.parse(parsed[0])) &&
      Number.isInteger(parsed[1])
    ) {
      return { t: parsed[0], n: parsed[1] as number };
    }
  } catch {
    // A damaged cursor means "first page".
  }
  return undefined;
}

export type LatestUpdate = {
  type: TimelineType;
  fromStatus: ItemStatus | null;
  toStatus: ItemStatus | null;
  note: string | null;
  createdAt: string;
  actorName: string | null;
};

const owner = alias(users, "owner");
const author = alias(users, "author");
const WEEK_SECONDS = 7 * 24 * 60 * 60;

/**
 * One page of one section of a person's own items, in one SQL statement: the item, its
 * owner, the latest timeline entry (of one change's entries, the status move), the outcome answer and, for done items with linked
 * clusters, tickets per week in the eight weeks before the done date and the whole weeks since.
 */
export async function listMyItems(
  db: Queryable,
  viewer: Viewer,
  section: MeSection,
  options: { cursor?: string | null; limit?: number; now?: Date } = {},
) {
  const limit = options.limit ?? ME_PAGE_SIZE;
  const now = options.now ?? new Date();
  const nowIso = now.toISOString();
  const since: SQL<Date> =
    section === "posted"
      ? sql`${items.createdAt}`
      : section === "followed"
        ? sql`${follows.createdAt}`
        : sql`${votes.createdAt}`;
  const cursor = decodeMeCursor(options.cursor);
  const linked = sql`exists (select 1 from item_clusters ic where ic.item_id = ${items.id})`;
  const isDoneLinked = sql`${items.status} = 'done' and ${items.doneAt} is not null and ${linked}`;
  const weeksAfter = sql`least(${AFTER_DONE_WEEKS}::int, greatest(0, floor(extract(epoch from (${nowIso}::timestamptz - ${items.doneAt})) / ${WEEK_SECONDS}))::int)`;
  const ticketsBetween = (from: SQL, to: SQL) =>
    sql`(select count(distinct t.id)::int from item_clusters ic join tickets t on t.cluster_id = ic.cluster_id
          where ic.item_id = ${items.id} and t.opened_at >= ${from} and t.opened_at < ${to})`;

  const base = db
    .select({
      id: items.id,
      number: items.number,
      kind: items.kind,
      title: items.title,
      status: items.status,
      anonymous: items.anonymous,
      authorId: items.authorId,
      authorName: author.name,
      ownerName: owner.name,
      targetDate: items.targetDate,
      votes: items.voteCount,
      comments: items.commentCount,
      createdAt: items.createdAt,
      doneAt: items.doneAt,
      outcomeAnswer: outcomes.answer,
      outcomeComment: outcomes.comment,
      since: sql<string>`${since}::text`,
      latest: sql<LatestUpdate | string | null>`(
        select json_build_object('type', tl.type, 'fromStatus', tl.from_status, 'toStatus', tl.to_status, 'note', tl.note,
          'createdAt', tl.created_at, 'actorName', actor.name)
        from item_timeline tl left join users actor on actor.id = tl.actor_id
        where tl.item_id = ${items.id} order by tl.created_at desc, (tl.type = 'status') desc, tl.id desc limit 1)`,
      weeksAfter: sql<number | null>`case when ${isDoneLinked} then ${weeksAfter} end`,
      ticketsBefore: sql<number | null>`case when ${isDoneLinked} then ${ticketsBetween(
        sql`${items.doneAt} - make_interval(days => ${AFTER_DONE_WEEKS * 7}::int)`,
        sql`${items.doneAt}`,
      )} end`,
      ticketsAfter: sql<number | null>`case when ${isDoneLinked} then ${ticketsBetween(
        sql`${items.doneAt}`,
        sql`${items.doneAt} + make_interval(days => ${weeksAfter} * 7)`,
      )} end`,
    })
    .from(items)
    .innerJoin(author, eq(author.id, items.authorId))
    .leftJoin(owner, eq(owner.id, items.ownerId))
    .leftJoin(outcomes, eq(outcomes.itemId, items.id))
    .$dynamic();
  const joined =
    section === "followed"
      ? base.innerJoin(follows, and(eq(follows.itemId, items.id), eq(follows.userId, viewer.id)))
      : section === "voted"
        ? base.innerJoin(votes, and(eq(votes.itemId, items.id), eq(votes.userId, viewer.id)))
        : base;
  const rows = await joined
    .where(
      and(
        section === "posted" ? eq(items.authorId, viewer.id) : undefined,
        cursor ? sql`(${since}, ${items.number}) < (${cursor.t}::timestamptz, ${cursor.n})` : undefined,
      ),
    )
    .orderBy(desc(since), desc(items.number))
    .limit(limit + 1);

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const day = today(now);
  return {
    items: page.map(
      ({
        authorId,
        authorName,
        latest,
        weeksAfter: weeks,
        ticketsBefore,
        ticketsAfter,
        outcomeAnswer,
        outcomeComment,
        since: _since,
        ...row
      }) => {
        const update = (typeof latest === "string" ? JSON.parse(latest) : latest) as LatestUpdate | null;
        return {
          ...row,
          mine: authorId === viewer.id,
          authorName: visibleAuthor({ anonymous: row.anonymous, authorId, authorName }, viewer),
          overdue: isOverdue(row, day),
          latest: update,
          outcome: outcomeAnswer ? { answer: outcomeAnswer as OutcomeAnswer, comment: outcomeComment } : null,
          tickets: ticketChange(ticketsBefore, ticketsAfter, weeks),
        };
      },
    ),
    nextCursor: rows.length > limit && last ? encodeMeCursor({ t: last.since, n: last.number }) : null,
  };
}

export type MyItem = Awaited<ReturnType<typeof listMyItems>>["items"][number];

/** Weekly averages before and after the done date, like the item page's "after done" figure. */
function ticketChange(before: number | null, after: number | null, weeksAfter: number | null) {
  if (before === null || weeksAfter === null) return null;
  const beforePerWeek = Number(before) / AFTER_DONE_WEEKS;
  const weeks = Number(weeksAfter);
  const afterPerWeek = weeks > 0 && after !== null ? Number(after) / weeks : null;
  return {
    beforePerWeek: Math.round(beforePerWeek * 10) / 10,
    afterPerWeek: afterPerWeek === null ? null : Math.round(afterPerWeek * 10) / 10,
    changePercent:
      afterPerWeek === null || beforePerWeek === 0
        ? null
        : Math.round(((afterPerWeek - beforePerWeek) / beforePerWeek) * 1000) / 10,
    weeksAfter: weeks,
  };
}

/** How many items are in each section and how many of them are done, in one statement. */
export async function countMyItems(db: Queryable, viewer: Viewer) {
  const done = sql`i.status = 'done'`;
  const [row] = await db
    .select({
      posted: sql<number>`(select count(*)::int from items i where i.author_id = ${viewer.id})`,
      postedDone: sql<number>`(select count(*)::int from items i where i.author_id = ${viewer.id} and ${done})`,
      followed: sql<number>`(select count(*)::int from follows f where f.user_id = ${viewer.id})`,
      followedDone: sql<number>`(select count(*)::int from follows f join items i on i.id = f.item_id where f.user_id = ${viewer.id} and ${done})`,
      voted: sql<number>`(select count(*)::int from votes v where v.user_id = ${viewer.id})`,
      votedDone: sql<number>`(select count(*)::int from votes v join items i on i.id = v.item_id where v.user_id = ${viewer.id} and ${done})`,
    })
    .from(sql`(select 1) as one`);
  const value = (n: number | undefined) => Number(n ?? 0);
  return {
    posted: { total: value(row?.posted), done: value(row?.postedDone) },
    followed: { total: value(row?.followed), done: value(row?.followedDone) },
    voted: { total: value(row?.voted), done: value(row?.votedDone) },
  };
}

export type MyCounts = Awaited<ReturnType<typeof countMyItems>>;
