import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { users, type EmailMode, type UserLocale } from "#db/schema/index";

export async function setEmailPreferences(
  userId: string,
  values: { locale?: UserLocale | null; emailMode?: EmailMode },
) {
  await getDb().update(users).set(values).where(eq(users.id, userId));
}
