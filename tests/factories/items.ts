import { getDb } from "#db/client.server";
import type { ItemInput } from "#app/schemas/items";
import { createItem } from "#app/services/items.server";

export function itemInput(overrides: Partial<ItemInput> = {}): ItemInput {
  return {
    kind: "idea",
    title: "Richiamata automatica invece dell'attesa",
    body: "Quando l'attesa supera i 5 minuti, offrire la richiamata.",
    area: "process",
    channel: "phone",
    teamId: null,
    tags: [],
    anonymous: false,
    ...overrides,
  };
}

/** Posts an item through the real service, as `author` (a person or their id). */
export async function postItem(author: string | { id: string }, overrides: Partial<ItemInput> = {}, now?: Date) {
  return createItem(getDb(), { id: typeof author === "string" ? author : author.id }, itemInput(overrides), now);
}
