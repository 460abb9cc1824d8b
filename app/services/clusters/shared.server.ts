import { sql, type SQL } from "drizzle-orm";
import type { Locale } from "#app/i18n/config";

/** A cluster's shown name in SQL (`c` is the clusters row): see names.ts. */
export function clusterNameSql(locale: Locale): SQL {
  return locale === "en" ? sql`coalesce(c.name, c.label_en, c.label)` : sql`coalesce(c.name, c.label)`;
}
