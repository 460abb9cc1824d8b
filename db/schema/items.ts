import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { channel, itemArea, itemKind, itemStatus, outcomeAnswer, timelineType } from "./enums";
import { teams } from "./teams";
import { users } from "./users";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const items = pgTable(
  "items",
  {
    id: id(),
    /** The short number in URLs: /items/123. */
    number: integer("number").notNull().unique().generatedAlwaysAsIdentity(),
    kind: itemKind("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    /** Null until someone names the root cause: agents may leave it to the manager at triage. */
    area: itemArea("area"),
    channel: channel("channel"),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    anonymous: boolean("anonymous").notNull().default(false),
    status: itemStatus("status").notNull().default("new"),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    targetDate: date("target_date", { mode: "string" }),
    declineReason: text("decline_reason"),
    duplicateOfId: uuid("duplicate_of_id").references((): AnyPgColumn => items.id, { onDelete: "set null" }),
    /** Kept in the same transaction as the vote rows; a test proves they never drift. */
    voteCount: integer("vote_count").notNull().default(0),
    commentCount: integer("comment_count").notNull().default(0),
    /** Optimistic concurrency: every edit bumps it, and an edit names the version it read. */
    version: integer("version").notNull().default(1),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    doneAt: timestamp("done_at", { withTimezone: true, mode: "date" }),
    /** Tickets opened in the last 28 days in the linked clusters (each once): the board's impact sort. */
    impactTickets: integer("impact_tickets").notNull().default(0),
    /** When impactTickets was computed; a day-old figure is refreshed before the impact sort. */
    impactAt: timestamp("impact_at", { withTimezone: true, mode: "date" }),
    /** The day the owner was last asked for an update on an overdue promise. */
    overdueNotifiedOn: date("overdue_notified_on", { mode: "string" }),
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`setweight(to_tsvector('italian', title), 'A') || setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('italian', body), 'B') || setweight(to_tsvector('english', body), 'B')`,
    ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    // NULLS FIRST matches a plain ORDER BY … DESC, so the planner can walk the index.
    index("items_top_idx").on(table.voteCount.desc().nullsFirst(), table.number.desc().nullsFirst()),
    index("items_status_idx").on(table.status, table.voteCount.desc().nullsFirst(), table.number.desc().nullsFirst()),
    index("items_author_idx").on(table.authorId),
    index("items_owner_idx").on(table.ownerId),
    index("items_team_idx").on(table.teamId),
    index("items_tags_idx").using("gin", table.tags),
    index("items_search_idx").using("gin", table.searchVector),
    index("items_title_trgm_idx").using("gin", sql`${table.title} gin_trgm_ops`),
    index("items_target_date_idx").on(table.targetDate),
    index("items_impact_idx").on(
      table.impactTickets.desc().nullsFirst(),
      table.voteCount.desc().nullsFirst(),
      table.number.desc().nullsFirst(),
    ),
  ],
);

export const votes = pgTable(
  "votes",
  {
    itemId: uuid("item_id")
      .notNull()
      .references(() => items.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.itemId, table.userId] }),
    // With created_at, "did this person vote in the range" is one index probe (dashboard).
    index("votes_user_created_idx").on(table.userId, table.createdAt),
    index("votes_recent_idx").on(table.createdAt, table.itemId),
  ],
);

export const follows = pgTable(
  "follows",
  {
    itemId: uuid("item_id")
      .notNull()
      .references(() => items.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.itemId, table.userId] }), index("follows_user_idx").on(table.userId)],
);

export const comments = pgTable(
  "comments",
  {
    id: id(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => items.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    /** One level of replies: a reply's parent is always a top-level comment. */
    parentId: uuid("parent_id").references((): AnyPgColumn => comments.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    editedAt: timestamp("edited_at", { withTimezone: true, mode: "date" }),
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
    hiddenAt: timestamp("hidden_at", { withTimezone: true, mode: "date" }),
    hiddenById: uuid("hidden_by_id").references(() => users.id, { onDelete: "set null" }),
    hiddenReason: text("hidden_reason"),
    createdAt: createdAt(),
  },
  (table) => [index("comments_item_idx").on(table.itemId, table.createdAt)],
);

export const timeline = pgTable(
  "item_timeline",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => items.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    type: timelineType("type").notNull(),
    fromStatus: itemStatus("from_status"),
    toStatus: itemStatus("to_status"),
    note: text("note"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (table) => [index("timeline_item_idx").on(table.itemId, table.id)],
);

export const outcomes = pgTable("item_outcomes", {
  itemId: uuid("item_id")
    .primaryKey()
    .references(() => items.id, { onDelete: "cascade" }),
  answeredById: uuid("answered_by_id").references(() => users.id, { onDelete: "set null" }),
  answer: outcomeAnswer("answer").notNull(),
  comment: text("comment"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type Item = typeof items.$inferSelect;
export type Comment = typeof comments.$inferSelect;
export type TimelineEntry = typeof timeline.$inferSelect;
