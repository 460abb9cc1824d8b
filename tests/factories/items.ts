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

export async function postItem(authorId: string, overrides: Partial<ItemInput> = {}, now?: Date) {
  return createItem(getDb(), { id: authorId }, itemInput(overrides), now);
}
