import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Failed sign-in counters per account ("email:…") and per address ("ip:…"),
// kept in the database so that every app instance sees the same counts.
export const authThrottle = pgTable("auth_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true, mode: "date" }).notNull(),
  lockedUntil: timestamp("locked_until", { withTimezone: true, mode: "date" }),
});
