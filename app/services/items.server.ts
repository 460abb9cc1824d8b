import { and, desc, eq, exists, isNull, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database, Queryable } from "#db/client.server";
import { follows, items, outcomes, teams, timeline, users, votes, type Item } from "#db/schema/index";
import { calendarDate } from "#app/i18n/format";
import type { ItemInput } from "#app/schemas/items";
import { visibleAuthor } from "./anonymity";
import { ANONYMOUS_ITEM_ACTION, writeAudit } from "./audit.server";
import { linkClustersOnCreate } from "./clusters/manage.server";
import { itemEvent, recordEvent } from "./events.server";
import { isOverdue } from "./workflow";

export type Viewer = { id: string };

/** Today's date in the app's time zone: a target date passes at midnight where the team is. */
export function today(now = new Date()): string {
  return calendarDate(now);
}

export async function createItem(
  db: Database,
  author: Viewer,
  input: ItemInput,
  now = new Date(),
  links: { clusterNumbers?: number[] } = {},
): Promise<Item> {
  return db.transaction(async (tx) => {
    const [item] = await tx
      .insert(items)
      .values({ ...input, authorId: author.id, createdAt: now, updatedAt: now, statusChangedAt: now })
      .returning();
    if (!item) throw new Error("insert returned no row");
    // Anonymous: items.author_id (for the author's own views and rules) is the only link to them.
    const namedActor = input.anonymous ? null : author.id;
    await tx.insert(timeline).values({
      itemId: item.id,
      actorId: namedActor,
      type: "created",
      toStatus: "new",
      createdAt: now,
    });
    await tx.insert(follows).values({ itemId: item.id, userId: author.id }).onConflictDoNothing();
    await linkClustersOnCreate(tx, item.id, namedActor, links.clusterNumbers ?? [], now);
    if (input.anonymous) {
      // Names no one, admins included: that an anonymous item was posted, not by whom.
      await writeAudit(tx, {
        actorId: null,
        action: ANONYMOUS_ITEM_ACTION,
        targetType: "item",
        targetId: item.id,
        details: { number: item.number },
      });
    }
    const [named] = input.anonymous
      ? []
      : await tx.select({ name: users.name }).from(users).where(eq(users.id, author.id)).limit(1);
    await recordEvent(
      tx,
      itemEvent("item.created", item, {
        kind: item.kind,
        title: item.title,
        status: item.status,
        votes: item.voteCount,
        // An event reaches everyone, so it names no anonymous author.
        authorName: visibleAuthor({ anonymous: input.anonymous, authorName: named?.name ?? null }, null),
        createdAt: item.createdAt.toISOString(),
      }),
    );
    return item;
  });
}

export async function getItemByNumber(db: Queryable, number: number) {
  const [item] = await db.select().from(items).where(eq(items.number, number)).limit(1);
  return item;
}

const author = alias(users, "author");
const owner = alias(users, "owner");

/** Everything the item page shows, with anonymity applied for this viewer. */
export async function getItemView(db: Queryable, viewer: Viewer, number: number, now = new Date()) {
  const duplicateOf = alias(items, "duplicate_of");
  const [row] = await db
    .select({
      item: items,
      authorName: author.name,
      ownerName: owner.name,
      teamName: teams.name,
      duplicateOfNumber: duplicateOf.number,
      duplicateOfTitle: duplicateOf.title,
      voted: exists(
        db
          .select({ one: sql`1` })
          .from(votes)
          .where(and(eq(votes.itemId, items.id), eq(votes.userId, viewer.id))),
      ),
      following: exists(
        db
          .select({ one: sql`1` })
          .from(follows)
          .where(and(eq(follows.itemId, items.id), eq(follows.userId, viewer.id))),
      ),
      outcomeAnswer: outcomes.answer,
      outcomeComment: outcomes.comment,
    })
    .from(items)
    .innerJoin(author, eq(author.id, items.authorId))
    .leftJoin(owner, eq(owner.id, items.ownerId))
    .leftJoin(teams, eq(teams.id, items.teamId))
    .leftJoin(duplicateOf, eq(duplicateOf.id, items.duplicateOfId))
    .leftJoin(outcomes, eq(outcomes.itemId, items.id))
    .where(eq(items.number, number))
    .limit(1);
  if (!row) return undefined;
  const { item } = row;
  const isAuthor = item.authorId === viewer.id;
  return {
    id: item.id,
    number: item.number,
    kind: item.kind,
    title: item.title,
    body: item.body,
    area: item.area,
    channel: item.channel,
    teamId: item.teamId,
    teamName: row.teamName,
    tags: item.tags,
    anonymous: item.anonymous,
    authorName: visibleAuthor({ ...item, authorName: row.authorName }, viewer),
    isAuthor,
    status: item.status,
    ownerId: item.ownerId,
    ownerName: row.ownerName,
    targetDate: item.targetDate,
    overdue: isOverdue(item, today(now)),
    declineReason: item.declineReason,
    duplicateOf: row.duplicateOfNumber ? { number: row.duplicateOfNumber, title: row.duplicateOfTitle ?? "" } : null,
    votes: item.voteCount,
    comments: item.commentCount,
    voted: Boolean(row.voted),
    following: Boolean(row.following),
    outcome: row.outcomeAnswer ? { answer: row.outcomeAnswer, comment: row.outcomeComment } : null,
    version: item.version,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    doneAt: item.doneAt,
  };
}

export type ItemView = NonNullable<Awaited<ReturnType<typeof getItemView>>>;

/** Up to five items like the title being typed: trigram similarity plus full-text match. */
export async function findSimilar(db: Queryable, text: string, options: { limit?: number; excludeId?: string } = {}) {
  const q = text.trim();
  if (q.length < 3) return [];
  const score = sql<number>`greatest(similarity(${items.title}, ${q}), ts_rank(${items.searchVector}, websearch_to_tsquery('italian', ${q}) || websearch_to_tsquery('english', ${q})))`;
  return db
    .select({
      id: items.id,
      number: items.number,
      title: items.title,
      status: items.status,
      votes: items.voteCount,
      kind: items.kind,
      score,
    })
    .from(items)
    .where(
      and(
        ne(items.status, "duplicate"),
        options.excludeId ? ne(items.id, options.excludeId) : undefined,
        or(
          sql`${items.title} % ${q}`,
          sql`${items.searchVector} @@ (websearch_to_tsquery('italian', ${q}) || websearch_to_tsquery('english', ${q}))`,
        ),
      ),
    )
    .orderBy(desc(score), desc(items.voteCount))
    .limit(options.limit ?? 5);
}

// --- Editing -------------------------------------------------------------------------------

export type EditResult =
  | { ok: true; version: number }
  | { ok: false; error: "notFound" | "forbidden" }
  | { ok: false; error: "conflict"; current: Item; changed: string[] };

const editableFields = ["title", "body", "kind", "area", "channel", "teamId", "tags"] as const;

/**
 * Optimistic concurrency: the update only applies to the version the editor read. When
 * someone else saved in between, nothing is written and the editor gets what changed.
 */
export async function editItem(
  db: Database,
  editor: Viewer & { canManage: boolean },
  itemId: string,
  input: Omit<ItemInput, "anonymous"> & { version: number },
  now = new Date(),
): Promise<EditResult> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(items).where(eq(items.id, itemId)).for("update").limit(1);
    if (!current) return { ok: false, error: "notFound" } as const;
    if (current.authorId !== editor.id && !editor.canManage) return { ok: false, error: "forbidden" } as const;
    if (current.version !== input.version) {
      const changed = editableFields.filter((field) => JSON.stringify(current[field]) !== JSON.stringify(input[field]));
      return { ok: false, error: "conflict", current, changed } as const;
    }
    const { version: _version, ...fields } = input;
    const changes = editableFields.filter((field) => JSON.stringify(current[field]) !== JSON.stringify(fields[field]));
    if (changes.length === 0) return { ok: true, version: current.version } as const;
    const [saved] = await tx
      .update(items)
      .set({ ...fields, version: current.version + 1, updatedAt: now })
      .where(eq(items.id, itemId))
      .returning();
    await tx.insert(timeline).values({
      itemId,
      actorId: current.anonymous && current.authorId === editor.id ? null : editor.id,
      type: "edited",
      data: { fields: changes },
      createdAt: now,
    });
    if (saved)
      await recordEvent(
        tx,
        itemEvent("item.updated", saved, { title: saved.title, kind: saved.kind, version: saved.version }),
      );
    return { ok: true, version: current.version + 1 } as const;
  });
}

/**
 * The manager names the root cause at triage when the author left it open. Only an item
 * still without one changes, so a cause someone set meanwhile is never overwritten.
 */
export async function setItemArea(
  db: Database,
  editor: Viewer,
  itemId: string,
  area: NonNullable<Item["area"]>,
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const [saved] = await tx
      .update(items)
      .set({ area, version: sql`${items.version} + 1`, updatedAt: now })
      .where(and(eq(items.id, itemId), isNull(items.area)))
      .returning();
    if (!saved) return false;
    await tx
      .insert(timeline)
      .values({ itemId, actorId: editor.id, type: "edited", data: { fields: ["area"] }, createdAt: now });
    await recordEvent(
      tx,
      itemEvent("item.updated", saved, { title: saved.title, kind: saved.kind, version: saved.version }),
    );
    return true;
  });
}

export async function getTimeline(db: Queryable, itemId: string) {
  return db
    .select({
      id: timeline.id,
      type: timeline.type,
      fromStatus: timeline.fromStatus,
      toStatus: timeline.toStatus,
      note: timeline.note,
      data: timeline.data,
      createdAt: timeline.createdAt,
      actorName: users.name,
    })
    .from(timeline)
    .leftJoin(users, eq(users.id, timeline.actorId))
    .where(eq(timeline.itemId, itemId))
    .orderBy(timeline.id);
}

/** New items waiting for a first answer, oldest first. */
export async function listTriageQueue(db: Queryable, limit = 100) {
  return db
    .select({
      id: items.id,
      number: items.number,
      title: items.title,
      kind: items.kind,
      status: items.status,
      area: items.area,
      votes: items.voteCount,
      createdAt: items.createdAt,
    })
    .from(items)
    .where(eq(items.status, "new"))
    .orderBy(items.createdAt)
    .limit(limit);
}
