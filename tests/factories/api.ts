import { createApiKey } from "#app/services/api-keys.server";
import type { ApiScope } from "#app/services/api-scopes";
import { changeStatus } from "#app/services/status.server";
import { getDb } from "#db/client.server";

export async function createKey(
  creator: { id: string },
  scopes: ApiScope[] = ["items:read", "items:write"],
  name = "Test key",
) {
  return createApiKey(getDb(), { id: creator.id }, { name, scopes });
}

/** Moves an item to done through the real workflow (in progress first, with an owner and a date). */
export async function closeItem(itemId: string, manager: { id: string }) {
  const moved = await changeStatus(getDb(), manager, itemId, {
    status: "in_progress",
    note: null,
    ownerId: manager.id,
    targetDate: "2030-01-31",
  });
  if (!moved.ok) throw new Error(`could not start the item: ${JSON.stringify(moved)}`);
  const done = await changeStatus(getDb(), manager, itemId, {
    status: "done",
    note: "Fatto",
    ownerId: null,
    targetDate: null,
  });
  if (!done.ok) throw new Error(`could not close the item: ${JSON.stringify(done)}`);
}
