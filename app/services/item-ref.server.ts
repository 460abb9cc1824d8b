import { eq } from "drizzle-orm";
import type { Queryable } from "#db/client.server";
import { items } from "#db/schema/index";
import type { ItemStatus } from "./workflow";

export type ItemRef = { id: string; number: number; status: ItemStatus };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^[1-9][0-9]{0,9}$/;
const MAX_NUMBER = 2_147_483_647;

/** An item named by its uuid or by its short number ("42"); undefined when there is none. */
export async function findItemRef(db: Queryable, ref: string | undefined): Promise<ItemRef | undefined> {
  if (!ref) return undefined;
  let condition;
  if (UUID.test(ref)) condition = eq(items.id, ref.toLowerCase());
  else if (NUMBER.test(ref) && Number(ref) <= MAX_NUMBER) condition = eq(items.number, Number(ref));
  else return undefined;
  const [row] = await db.select({ id: items.id, number: items.number, status: items.status }).from(items).where(condition).limit(1);
  return row;
}
