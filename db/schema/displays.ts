import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { users } from "./users";

/** A wall screen in the office: what it shows, for which teams and tags, in which language. */
export const displays = pgTable("displays", {
  id: id(),
  name: text("name").notNull(),
  location: text("location").notNull().default(""),
  locale: text("locale").notNull().default("it"),
  panels: text("panels").array().notNull(),
  teamIds: uuid("team_ids")
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  tags: text("tags")
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  rotationSeconds: integer("rotation_seconds").notNull().default(20),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }),
  revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * The secret in a display's URL, stored as its SHA-256. Regenerating revokes the old row
 * and adds a new one, so an old URL can still say "revoked" rather than "not found".
 */
export const displayTokens = pgTable(
  "display_tokens",
  {
    id: id(),
    displayId: uuid("display_id")
      .notNull()
      .references(() => displays.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (table) => [index("display_tokens_display_idx").on(table.displayId)],
);

export type Display = typeof displays.$inferSelect;
