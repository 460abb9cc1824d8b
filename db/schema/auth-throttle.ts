import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Sign-in counters, kept in the database so that every app instance sees the same counts:
// per account and address together ("pair:…"), per account ("account:…"), per address
// ("ip:…"), and per browser that signed in before ("device:…", see app/auth/throttle.server.ts).
export const authThrottle = pgTable("auth_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true, mode: "date" }),
  lockedUntil: timestamp("locked_until", { withTimezone: true, mode: "date" }),
  /** Devices only: the last successful sign-in, which keeps the device trusted. */
  lastSuccessAt: timestamp("last_success_at", { withTimezone: true, mode: "date" }),
});
