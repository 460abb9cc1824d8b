import { sql } from "drizzle-orm";
import { pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";

export const teams = pgTable(
  "teams",
  {
    id: id(),
    name: text("name").notNull(),
    archivedAt: timestamp("archived_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("teams_name_lower_idx").on(sql`lower(${table.name})`)],
);

export type Team = typeof teams.$inferSelect;
