import { pgEnum } from "drizzle-orm/pg-core";

export const userRole = pgEnum("user_role", ["agent", "manager", "admin"]);
export type UserRole = (typeof userRole.enumValues)[number];

export const userLocale = pgEnum("user_locale", ["it", "en"]);
export type UserLocale = (typeof userLocale.enumValues)[number];
