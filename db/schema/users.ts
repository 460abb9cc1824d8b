import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { emailMode, userLocale, userRole } from "./enums";
import { teams } from "./teams";

export const users = pgTable(
  "users",
  {
    id: id(),
    // Stored lower-cased and trimmed; the unique index guards against case variants.
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** For @mentions: "giulia.rossi", unique ignoring case. */
    handle: text("handle").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: userRole("role").notNull().default("agent"),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    locale: userLocale("locale"),
    emailMode: emailMode("email_mode").notNull().default("each"),
    /** Random secret in the unsubscribe link of every email; made with the first email. */
    unsubscribeToken: text("unsubscribe_token"),
    /** When the last daily digest went out (email_mode 'digest'). */
    lastDigestAt: timestamp("last_digest_at", { withTimezone: true, mode: "date" }),
    /** When the last weekly manager digest went out (managers and admins). */
    lastManagerDigestAt: timestamp("last_manager_digest_at", { withTimezone: true, mode: "date" }),
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true, mode: "date" }),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("users_email_lower_idx").on(sql`lower(${table.email})`),
    uniqueIndex("users_handle_lower_idx").on(sql`lower(${table.handle})`),
    uniqueIndex("users_unsubscribe_token_idx").on(table.unsubscribeToken),
    index("users_team_idx").on(table.teamId),
    // Trigram search over people by name or email in the admin list.
    index("users_search_trgm_idx").using("gin", sql`(${table.name} || ' ' || ${table.email}) gin_trgm_ops`),
  ],
);

export type User = typeof users.$inferSelect;
