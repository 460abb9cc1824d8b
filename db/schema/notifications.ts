import { bigint, index, jsonb, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { notificationType } from "./enums";
import { comments, items } from "./items";
import { users } from "./users";

export const notifications = pgTable(
  "notifications",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: notificationType("type").notNull(),
    itemId: uuid("item_id").references(() => items.id, { onDelete: "cascade" }),
    commentId: uuid("comment_id").references(() => comments.id, { onDelete: "cascade" }),
    /** Null when the actor must stay anonymous or the event has no actor. */
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
    emailedAt: timestamp("emailed_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (table) => [index("notifications_user_idx").on(table.userId, table.id.desc().nullsFirst())],
);

export type Notification = typeof notifications.$inferSelect;
