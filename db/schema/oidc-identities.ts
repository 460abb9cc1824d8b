import { pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { users } from "./users";

/**
 * A person's account at an OpenID Connect provider: the provider's issuer and its stable
 * subject identifier (`sub`). A sign-in finds the person by this pair first; the email is
 * only used, once verified, to link an existing person on their first single sign-on.
 */
export const oidcIdentities = pgTable(
  "oidc_identities",
  {
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The email the provider gave when the link was made (for the admin, not for look-ups). */
    email: text("email").notNull(),
    createdAt: createdAt(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.issuer, table.subject] }),
    // One account per provider and person: a second subject never takes over a linked person.
    uniqueIndex("oidc_identities_user_issuer_idx").on(table.userId, table.issuer),
  ],
);

export type OidcIdentity = typeof oidcIdentities.$inferSelect;
