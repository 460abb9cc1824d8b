import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { items, users } from "#db/schema/index";
import { loader as boardLoader } from "#app/routes/board";
import type { BoardCard } from "#app/services/board.server";
import { fromColumns, type Columns } from "#app/utils/columns";
import { action as itemAction, loader as itemLoader } from "#app/routes/items.$number/route";
import { action as newItemAction, loader as newItemLoader } from "#app/routes/items.new";
import { loader as peopleLoader } from "#app/routes/people.suggest";
import { action as triageAction, loader as triageLoader } from "#app/routes/triage";
import { resolveDashboardQuery } from "#app/schemas/dashboard";
import { BoardQuerySchema } from "#app/schemas/items";
import { addComment } from "#app/services/comments.server";
import { participation } from "#app/services/dashboard/index.server";
import { listBoard } from "#app/services/board.server";
import { setItemArea } from "#app/services/items.server";
import { createUser, sessionCookie } from "#tests/factories/index";
import { postItem } from "#tests/factories/items";
import { makeRequest, runRoute } from "#tests/support/routes";

const board = (viewer: { id: string }, query: Record<string, string>) =>
  listBoard(getDb(), viewer, BoardQuerySchema.parse(query));

describe("posting from the floor", () => {
  it("an agent posts with a kind and a title only: the root cause stays empty until a manager names it at triage", async () => {
    const agent = await createUser();
    const manager = await createUser({ role: "manager" });
    const posted = await runRoute(async () =>
      newItemAction({
        request: makeRequest("/items/new", {
          cookie: await sessionCookie(agent.id),
          form: { kind: "insight", title: "La chat si blocca alle 18" },
        }),
        params: {},
        context: {},
      }),
    );
    expect(posted.status).toBe(302);
    const [item] = await getDb().select().from(items);
    expect(item?.area).toBeNull();

    // The board lists it, and its "Da definire" filter finds exactly it.
    expect((await board(agent, {})).items.map((row) => row.id)).toEqual([item?.id]);
    expect((await board(agent, { area: "none" })).items.map((row) => row.id)).toEqual([item?.id]);
    expect((await board(agent, { area: "process" })).items).toEqual([]);
    const page = await runRoute(async () =>
      itemLoader({
        request: makeRequest(`/items/${item?.number}`, { cookie: await sessionCookie(agent.id) }),
        params: { number: String(item?.number) },
        context: {},
      }),
    );
    expect((page.data as { item: { area: string | null } }).item.area).toBeNull();

    // The triage queue shows it without a cause; accepting it names one.
    const managerCookie = await sessionCookie(manager.id);
    const queue = await runRoute(() =>
      triageLoader({ request: makeRequest("/triage", { cookie: managerCookie }), params: {}, context: {} }),
    );
    expect((queue.data as { queue: Array<{ id: string; area: string | null }> }).queue).toEqual([
      expect.objectContaining({ id: item?.id, area: null }),
    ]);
    const accepted = await runRoute(() =>
      triageAction({
        request: makeRequest("/triage", {
          cookie: managerCookie,
          form: { intent: "accept", itemId: item!.id, area: "tool_system" },
        }),
        params: {},
        context: {},
      }),
    );
    expect(accepted.status).toBe(200);
    const [after] = await getDb().select().from(items).where(eq(items.id, item!.id));
    expect(after).toMatchObject({ area: "tool_system", status: "under_review" });
  });

  it("accepting without a cause keeps it open, and a cause set meanwhile is never overwritten", async () => {
    const manager = await createUser({ role: "manager" });
    const open = await postItem(manager.id, { area: null });
    const named = await postItem(manager.id, { area: "policy" });
    const cookie = await sessionCookie(manager.id);
    const accepted = await runRoute(() =>
      triageAction({
        request: makeRequest("/triage", { cookie, form: { intent: "accept", itemId: open.id, area: "" } }),
        params: {},
        context: {},
      }),
    );
    expect(accepted.status).toBe(200);
    expect((await getDb().select().from(items).where(eq(items.id, open.id)))[0]?.area).toBeNull();
    expect(await setItemArea(getDb(), manager, named.id, "training")).toBe(false);
    expect((await getDb().select().from(items).where(eq(items.id, named.id)))[0]?.area).toBe("policy");
  });

  it("the dashboard counts items without a cause under its 'none' filter", async () => {
    const agent = await createUser();
    await postItem(agent.id, { area: null });
    await postItem(agent.id, { area: "process" });
    const { query, filters } = resolveDashboardQuery(new URLSearchParams({ range: "4", area: "none" }));
    expect(query.area).toBe("none");
    expect((await participation(getDb(), filters)).totals.items).toBe(1);
  });

  it("a search that found nothing opens the form with its words as the title", async () => {
    const agent = await createUser();
    const result = await runRoute(async () =>
      newItemLoader({
        request: makeRequest(`/items/new?kind=idea&title=${encodeURIComponent("Rimborsi più rapidi")}`, {
          cookie: await sessionCookie(agent.id),
        }),
        params: {},
        context: {},
      }),
    );
    expect((result.data as { defaults: { kind: string; title: string } }).defaults).toMatchObject({
      kind: "idea",
      title: "Rimborsi più rapidi",
    });
  });
});

describe("anonymity on the author's own cards", () => {
  it("marks the author's own anonymous item as hers, and nobody else's", async () => {
    const author = await createUser({ name: "Sara Esposito" });
    const colleague = await createUser();
    const item = await postItem(author.id, { anonymous: true });
    expect((await board(author, {})).items.find((row) => row.id === item.id)).toMatchObject({
      anonymous: true,
      mine: true,
    });
    expect((await board(colleague, {})).items.find((row) => row.id === item.id)).toMatchObject({
      anonymous: true,
      mine: false,
      authorName: null,
    });
  });
});

describe("mentions", () => {
  it("suggests active people by handle or by first or last name", async () => {
    const viewer = await createUser();
    await createUser({ name: "Marco Bianchi" });
    await createUser({ name: "Anna Marconi" });
    const gone = await createUser({ name: "Marco Verdi" });
    await getDb().update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, gone.id));
    const cookie = await sessionCookie(viewer.id);
    const suggest = async (q: string) =>
      (
        (
          await runRoute(() =>
            peopleLoader({
              request: makeRequest(`/people/suggest?q=${encodeURIComponent(q)}`, { cookie }),
              params: {},
              context: {},
            }),
          )
        ).data as {
          people: Array<{ handle: string; name: string }>;
        }
      ).people;
    // A first or last name starting with it, by name; the deactivated Marco is left out.
    expect((await suggest("marco")).map((person) => person.name)).toEqual(["Anna Marconi", "Marco Bianchi"]);
    expect(await suggest("marco.b")).toEqual([{ handle: "marco.bianchi", name: "Marco Bianchi" }]);
    expect(await suggest("bianchi")).toEqual([{ handle: "marco.bianchi", name: "Marco Bianchi" }]);
    expect(await suggest("%")).toEqual([]);
    expect(await suggest("")).toEqual([]);
  });

  it("the item page names the people its comments mention, and the board lists their posts but not their anonymous ones", async () => {
    const author = await createUser();
    const marco = await createUser({ name: "Marco Bianchi" });
    const item = await postItem(author.id);
    const own = await postItem(marco.id, { title: "Scritto da Marco con il suo nome" });
    await postItem(marco.id, { title: "Scritto da Marco in forma anonima", anonymous: true });
    await addComment(getDb(), author, { itemId: item.id, body: "Ne parlo con @marco.bianchi e con @nessuno.qui" });
    const cookie = await sessionCookie(author.id);
    const page = await runRoute(() =>
      itemLoader({
        request: makeRequest(`/items/${item.number}`, { cookie }),
        params: { number: String(item.number) },
        context: {},
      }),
    );
    expect((page.data as { mentions: unknown }).mentions).toEqual([{ handle: "marco.bianchi", name: "Marco Bianchi" }]);

    const listed = await runRoute(() =>
      boardLoader({ request: makeRequest("/board?author=marco.bianchi", { cookie }), params: {}, context: {} }),
    );
    const data = listed.data as { authorName: string; cards: Columns<BoardCard> };
    expect(data.authorName).toBe("Marco Bianchi");
    expect(fromColumns(data.cards).map((card) => card.number)).toEqual([own.number]);
    // Marco himself sees his anonymous post there too.
    expect((await board(marco, { author: "marco.bianchi" })).items).toHaveLength(2);
  });

  it("a posted reply answers its own box, so only that box empties and closes", async () => {
    const author = await createUser();
    const item = await postItem(author.id);
    const parent = await addComment(getDb(), author, { itemId: item.id, body: "Primo commento" });
    if (!parent.ok) throw new Error("comment failed");
    const cookie = await sessionCookie(author.id);
    const post = (form: Record<string, string>) =>
      runRoute(() =>
        itemAction({
          request: makeRequest(`/items/${item.number}`, { cookie, form }),
          params: { number: String(item.number) },
          context: {},
        }),
      );
    const reply = await post({ intent: "comment", body: "Una risposta", parentId: parent.commentId });
    expect(reply.data).toMatchObject({ replyTo: parent.commentId, commentId: expect.any(String) });
    const empty = await post({ intent: "comment", body: " ", parentId: parent.commentId });
    expect(empty.status).toBe(400);
    expect(empty.data).toMatchObject({ replyTo: parent.commentId });
    const top = await post({ intent: "comment", body: "Un commento" });
    expect(top.data).toMatchObject({ replyTo: null });
  });
});
