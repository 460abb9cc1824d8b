import { eq } from "drizzle-orm";
import type { Queryable } from "#db/client.server";
import { items } from "#db/schema/index";
import type { ItemStatus } from "./workflow";

export type ItemRef = { id: string; number: number; status: ItemStatus };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^[1-9][0-9]{0,9}$/;
const MAX_NUMBER = 2_147_483_647;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** How a URL names an item: its uuid, or its short number ("42"); undefined for anything else. */
export function parseItemRef(ref: string | undefined): { id: string } | { number: number } | undefined {
  if (!ref) return undefined;
  if (UUID.test(ref)) return { id: ref.toLowerCase() };
  if (NUMBER.test(ref) && Number(ref) <= MAX_NUMBER) return { number: Number(ref) };
  return undefined;
}

/** An item named by its uuid or by its short number ("42"); undefined when there is none. */
export async function findItemRef(db: Queryable, ref: string | undefined): Promise<ItemRef | undefined> {
  const parsed = parseItemRef(ref);
  if (!parsed) return undefined;
  const condition = "id" in parsed ? eq(items.id, parsed.id) : eq(items.number, parsed.number);
  const [row] = await db
    .select({ id: items.id, number: items.number, status: items.status })
    .from(items)
    .where(condition)
    .limit(1);
  return row;
}
