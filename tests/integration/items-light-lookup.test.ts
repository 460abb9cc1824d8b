import { describe, expect, it, vi } from "vitest";
import * as items from "#app/services/items.server";
import * as itemRoute from "#app/routes/items.$number/route";
import { createUser, sessionCookie } from "#tests/factories/index";
import { postItem } from "#tests/factories/items";
import { makeRequest, runRoute } from "#tests/support/routes";

// The page's full view of an item, watched: votes and follows must not need it.
vi.mock("#app/services/items.server", async (importOriginal) => {
  const actual = await importOriginal<typeof items>();
  return { ...actual, getItemView: vi.fn(actual.getItemView) };
});

describe("voting and following on the item page", () => {
  it("find the item by its number alone, without loading the page's view of it", async () => {
    const item = await postItem((await createUser()).id);
    const cookie = await sessionCookie((await createUser()).id);
    const post = (form: Record<string, string>) =>
      runRoute(() =>
        itemRoute.action({
          request: makeRequest(`/items/${item.number}`, { cookie, form }),
          params: { number: String(item.number) },
          context: {},
        }),
      );
    const view = vi.mocked(items.getItemView);
    view.mockClear();

    expect((await post({ intent: "vote", voted: "true" })).data).toMatchObject({ votes: 1, voted: true });
    expect((await post({ intent: "follow", following: "false" })).data).toEqual({ following: false });
    expect(view).not.toHaveBeenCalled();

    // Other intents still act on the whole item (its status, its thread).
    expect((await post({ intent: "comment", body: "Anche per me" })).status).toBe(200);
    expect(view).toHaveBeenCalledTimes(1);
  });
});
