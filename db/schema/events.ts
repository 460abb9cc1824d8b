import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * What changed, for live pages and wall displays. Written in the same transaction as the
 * change and announced with NOTIFY; kept for a week so clients that were away can replay.
 * `team_id`, `tags` and `comment_id` are for filtering only and are never sent to clients.
 */
export const events = pgTable(
  "events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    type: text("type").notNull(),
    itemId: uuid("item_id"),
    commentId: uuid("comment_id"),
    teamId: uuid("team_id"),
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [index("events_created_idx").on(table.createdAt)],
);

export type EventRow = typeof events.$inferSelect;
