import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { itemClusters, items } from "#db/schema/index";
import { loader } from "#app/routes/me";
import { countMyItems, listMyItems, type MyItem } from "#app/services/me.server";
import { answerOutcome } from "#app/services/outcomes.server";
import { changeStatus } from "#app/services/status.server";
import { setFollow, setVote } from "#app/services/votes.server";
import { insertCluster, insertTickets } from "#tests/factories/clusters-tickets";
import { createUser, sessionCookie } from "#tests/factories/index";
import { postItem } from "#tests/factories/items";
import { makeRequest, runRoute } from "#tests/support/routes";

const DAY = 24 * 60 * 60 * 1000;

function byTitle(list: MyItem[], title: string) {
  const found = list.find((item) => item.title === title);
  if (!found) throw new Error(`no item “${title}” in ${list.map((item) => item.title).join(", ")}`);
  return found;
}

describe("listMyItems", () => {
  it("lists what the person posted, anonymous items included and marked, newest first, and nobody else's", async () => {
    const me = await createUser({ name: "Anna Agente" });
    const other = await createUser({ name: "Otto Altro" });
    const start = Date.now() - 10 * DAY;
    await postItem(me.id, { title: "Prima idea" }, new Date(start));
    await postItem(me.id, { title: "Idea anonima", anonymous: true }, new Date(start + DAY));
    await postItem(other.id, { title: "Idea di Otto" }, new Date(start + 2 * DAY));

    const { items: posted, nextCursor } = await listMyItems(getDb(), me, "posted");
    expect(posted.map((item) => item.title)).toEqual(["Idea anonima", "Prima idea"]);
    expect(nextCursor).toBeNull();
    const anonymous = byTitle(posted, "Idea anonima");
    expect(anonymous.anonymous).toBe(true);
    expect(anonymous.mine).toBe(true);
    // The author sees their own name; the creation entry of an anonymous item names nobody.
    expect(anonymous.authorName).toBe("Anna Agente");
    expect(anonymous.latest?.type).toBe("created");
    expect(anonymous.latest?.actorName).toBeNull();
    expect(byTitle(posted, "Prima idea").latest?.actorName).toBe("Anna Agente");

    const theirs = await listMyItems(getDb(), other, "posted");
    expect(theirs.items.map((item) => item.title)).toEqual(["Idea di Otto"]);
  });

  it("lists followed and voted items with the author hidden when anonymous, and the latest update with its note", async () => {
    const me = await createUser();
    const author = await createUser({ name: "Carla Autrice" });
    const manager = await createUser({ name: "Marco Manager", role: "manager" });
    const named = await postItem(author.id, { title: "Coda troppo lunga" });
    const hidden = await postItem(author.id, { title: "Segnalazione anonima", anonymous: true });
    const untouched = await postItem(author.id, { title: "Non mi riguarda" });
    await setFollow(getDb(), me.id, named.id, true);
    await setVote(getDb(), me.id, hidden.id, true);
    await setVote(getDb(), author.id, untouched.id, true);
    const target = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
    const moved = await changeStatus(getDb(), manager, named.id, {
      status: "under_review",
      note: "Ne parliamo giovedì",
      ownerId: null,
      targetDate: null,
    });
    expect(moved.ok).toBe(true);
    const planned = await changeStatus(getDb(), manager, named.id, {
      status: "planned",
      note: "Pronto a novembre",
      ownerId: manager.id,
      targetDate: target,
    });
    expect(planned.ok).toBe(true);

    const followed = await listMyItems(getDb(), me, "followed");
    expect(followed.items.map((item) => item.title)).toEqual(["Coda troppo lunga"]);
    const [item] = followed.items;
    expect(item).toMatchObject({
      status: "planned",
      ownerName: "Marco Manager",
      targetDate: target,
      overdue: false,
      authorName: "Carla Autrice",
      mine: false,
    });
    expect(item!.latest).toMatchObject({
      type: "status",
      toStatus: "planned",
      fromStatus: "under_review",
      note: "Pronto a novembre",
      actorName: "Marco Manager",
    });

    const voted = await listMyItems(getDb(), me, "voted");
    expect(voted.items.map((row) => row.title)).toEqual(["Segnalazione anonima"]);
    expect(voted.items[0]).toMatchObject({ authorName: null, anonymous: true, mine: false, votes: 1 });

    expect(await countMyItems(getDb(), me)).toEqual({
      posted: { total: 0, done: 0 },
      followed: { total: 1, done: 0 },
      voted: { total: 1, done: 0 },
    });
  });

  it("flags overdue promises and shows the outcome and ticket change of done items", async () => {
    const me = await createUser();
    const now = new Date();
    const late = await postItem(me.id, { title: "Promessa in ritardo" });
    await getDb()
      .update(items)
      .set({ status: "planned", targetDate: new Date(now.getTime() - 3 * DAY).toISOString().slice(0, 10) })
      .where(eq(items.id, late.id));
    const done = await postItem(me.id, { title: "Fatto con ticket" });
    const doneAt = new Date(now.getTime() - 14 * DAY - 60_000);
    await getDb().update(items).set({ status: "done", doneAt }).where(eq(items.id, done.id));
    expect((await answerOutcome(getDb(), me, done.id, { answer: "partly", comment: "Meglio di prima" })).ok).toBe(true);
    const cluster = await insertCluster("bollette");
    await getDb().insert(itemClusters).values({ itemId: done.id, clusterId: cluster.id });
    // 16 tickets in the 8 weeks before (2 a week), 2 in the 2 whole weeks since (1 a week).
    await insertTickets([
      ...Array.from({ length: 16 }, (_, i) => ({
        clusterId: cluster.id,
        openedAt: new Date(doneAt.getTime() - (i * 3 + 1) * DAY),
      })),
      { clusterId: cluster.id, openedAt: new Date(doneAt.getTime() + 2 * DAY) },
      { clusterId: cluster.id, openedAt: new Date(doneAt.getTime() + 9 * DAY) },
    ]);

    const { items: posted } = await listMyItems(getDb(), me, "posted", { now });
    expect(byTitle(posted, "Promessa in ritardo")).toMatchObject({ overdue: true, tickets: null, outcome: null });
    expect(byTitle(posted, "Fatto con ticket")).toMatchObject({
      outcome: { answer: "partly", comment: "Meglio di prima" },
      tickets: { beforePerWeek: 2, afterPerWeek: 1, changePercent: -50, weeksAfter: 2 },
    });
    expect(await countMyItems(getDb(), me)).toMatchObject({ posted: { total: 2, done: 1 } });
  });

  it("pages with a keyset cursor without skipping or repeating items", async () => {
    const me = await createUser();
    const start = Date.now() - DAY;
    for (let i = 0; i < 5; i += 1) await postItem(me.id, { title: `Idea ${i}` }, new Date(start + i * 1000));
    const first = await listMyItems(getDb(), me, "posted", { limit: 2 });
    const second = await listMyItems(getDb(), me, "posted", { limit: 2, cursor: first.nextCursor });
    const third = await listMyItems(getDb(), me, "posted", { limit: 2, cursor: second.nextCursor });
    expect([...first.items, ...second.items, ...third.items].map((item) => item.title)).toEqual([
      "Idea 4",
      "Idea 3",
      "Idea 2",
      "Idea 1",
      "Idea 0",
    ]);
    expect(third.nextCursor).toBeNull();
    // A damaged cursor is the first page.
    expect(
      (await listMyItems(getDb(), me, "posted", { limit: 2, cursor: "garbage" })).items.map((item) => item.title),
    ).toEqual(["Idea 4", "Idea 3"]);
  });
});

describe("/me", () => {
  const args = (path: string, cookie?: string) => ({ request: makeRequest(path, { cookie }), params: {}, context: {} });

  it("sends a signed-out visitor to sign in and back", async () => {
    const result = await runRoute(() => loader(args("/me?tab=voted")));
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/login?${new URLSearchParams({ redirectTo: "/me?tab=voted" })}`);
  });

  it("shows the signed-in person's own items only, whatever the query asks", async () => {
    const me = await createUser();
    const other = await createUser();
    await postItem(me.id, { title: "La mia idea" });
    const theirs = await postItem(other.id, { title: "Idea segreta altrui", anonymous: true });
    await setVote(getDb(), other.id, theirs.id, true);
    const cookie = await sessionCookie(me.id);

    const posted = await runRoute(() => loader(args(`/me?tab=posted&user=${other.id}`, cookie)));
    expect(posted.status).toBe(200);
    const data = posted.data as {
      section: string;
      items: Array<{ title: string }>;
      counts: { posted: { total: number } };
    };
    expect(data.section).toBe("posted");
    expect(data.items.map((item) => item.title)).toEqual(["La mia idea"]);
    expect(data.counts.posted.total).toBe(1);
    expect(JSON.stringify(data)).not.toContain("Idea segreta altrui");

    const voted = await runRoute(() => loader(args("/me?tab=voted", cookie)));
    expect((voted.data as typeof data).items).toEqual([]);
    const unknownTab = await runRoute(() => loader(args("/me?tab=everyone", cookie)));
    expect((unknownTab.data as typeof data).section).toBe("posted");
  });
});
