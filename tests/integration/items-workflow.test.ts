import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { follows, items, notifications, timeline, votes } from "#db/schema/index";
import { editItem, getItemView } from "#app/services/items.server";
import { answerOutcome } from "#app/services/outcomes.server";
import { changeStatus, notifyOverdueOwners } from "#app/services/status.server";
import { setFollow, setVote } from "#app/services/votes.server";
import { createUser } from "#tests/factories/index";
import { itemInput, postItem } from "#tests/factories/items";

const db = () => getDb();

describe("status workflow", () => {
  it("requires an owner and a target date before planned, then records who, when and the note", async () => {
    const manager = await createUser({ role: "manager" });
    const author = await createUser();
    const item = await postItem(author.id);
    const refused = await changeStatus(db(), manager, item.id, {
      status: "planned",
      note: null,
      ownerId: null,
      targetDate: null,
    });
    expect(refused).toEqual({ ok: false, error: "rules", problems: ["ownerRequired", "targetDateRequired"] });

    const moved = await changeStatus(db(), manager, item.id, {
      status: "planned",
      note: "Ce ne occupiamo noi",
      ownerId: manager.id,
      targetDate: "2026-12-15",
    });
    expect(moved.ok).toBe(true);
    const entries = await db().select().from(timeline).where(eq(timeline.itemId, item.id)).orderBy(timeline.id);
    expect(entries.map((entry) => entry.type)).toEqual(["created", "status", "owner"]);
    expect(entries[1]).toMatchObject({
      actorId: manager.id,
      fromStatus: "new",
      toStatus: "planned",
      note: "Ce ne occupiamo noi",
    });
    // The author follows automatically and is told, with the note; the manager is not told of their own act.
    const told = await db().select().from(notifications).where(eq(notifications.itemId, item.id));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      userId: author.id,
      type: "status",
      data: { from: "new", to: "planned", note: "Ce ne occupiamo noi" },
    });
  });

  it("needs a reason to decline and refuses transitions that are not allowed", async () => {
    const manager = await createUser({ role: "manager" });
    const item = await postItem((await createUser()).id);
    expect(
      await changeStatus(db(), manager, item.id, { status: "declined", note: null, ownerId: null, targetDate: null }),
    ).toMatchObject({ problems: ["reasonRequired"] });
    expect(
      await changeStatus(db(), manager, item.id, { status: "done", note: null, ownerId: null, targetDate: null }),
    ).toMatchObject({ problems: ["notAllowed"] });
    const declined = await changeStatus(db(), manager, item.id, {
      status: "declined",
      note: "Vincolo di contratto",
      ownerId: null,
      targetDate: null,
    });
    expect(declined.ok && declined.item.declineReason).toBe("Vincolo di contratto");
  });

  it("needs a note to move a target date, and the timeline says from where to where", async () => {
    const manager = await createUser({ role: "manager" });
    const item = await postItem((await createUser()).id);
    await changeStatus(db(), manager, item.id, {
      status: "planned",
      note: null,
      ownerId: manager.id,
      targetDate: "2026-12-01",
    });
    const silent = await changeStatus(db(), manager, item.id, {
      status: "in_progress",
      note: null,
      ownerId: null,
      targetDate: "2027-01-15",
    });
    expect(silent).toEqual({ ok: false, error: "dateNoteRequired" });
    await changeStatus(db(), manager, item.id, {
      status: "in_progress",
      note: "Il fornitore ha ritardato",
      ownerId: null,
      targetDate: "2027-01-15",
    });
    const [moved] = await db()
      .select()
      .from(timeline)
      .where(and(eq(timeline.itemId, item.id), eq(timeline.type, "target_date")));
    expect(moved).toMatchObject({ note: "Il fornitore ha ritardato", data: { from: "2026-12-01", to: "2027-01-15" } });
  });

  it("merges a duplicate: votes move without double counting, followers move, the survivor records it", async () => {
    const manager = await createUser({ role: "manager" });
    const [a, b, c] = await Promise.all([createUser(), createUser(), createUser()]);
    const survivor = await postItem(a.id, { title: "Richiamata quando l'attesa è lunga" });
    const copy = await postItem(b.id, { title: "Richiamata automatica invece dell'attesa" });
    await setVote(db(), a.id, survivor.id, true);
    await setVote(db(), a.id, copy.id, true); // voted on both: counts once
    await setVote(db(), c.id, copy.id, true);
    await setFollow(db(), c.id, copy.id, true);

    const result = await changeStatus(db(), manager, copy.id, {
      status: "duplicate",
      note: null,
      ownerId: null,
      targetDate: null,
      duplicateOf: survivor.number,
    });
    expect(result.ok).toBe(true);
    const [after] = await db().select().from(items).where(eq(items.id, survivor.id));
    expect(after?.voteCount).toBe(2);
    expect(await db().select().from(votes).where(eq(votes.itemId, survivor.id))).toHaveLength(2);
    expect(await db().select().from(votes).where(eq(votes.itemId, copy.id))).toHaveLength(0);
    const followers = (await db().select().from(follows).where(eq(follows.itemId, survivor.id)))
      .map((row) => row.userId)
      .sort();
    expect(followers).toEqual([a.id, b.id, c.id].sort());
    const view = await getItemView(db(), c, copy.number);
    expect(view?.duplicateOf?.number).toBe(survivor.number);
    expect(
      await changeStatus(db(), manager, survivor.id, {
        status: "duplicate",
        note: null,
        ownerId: null,
        targetDate: null,
        duplicateOf: survivor.number,
      }),
    ).toEqual({
      ok: false,
      error: "duplicateOfInvalid",
    });
  });

  it("asks the owner of an overdue promise for an update once, then again a week later", async () => {
    const manager = await createUser({ role: "manager" });
    const item = await postItem((await createUser()).id);
    await changeStatus(
      db(),
      manager,
      item.id,
      { status: "planned", note: null, ownerId: manager.id, targetDate: "2026-11-10" },
      new Date("2026-11-01T10:00:00Z"),
    );
    const view = await getItemView(db(), manager, item.number, new Date("2026-11-12T10:00:00Z"));
    expect(view?.overdue).toBe(true);
    expect(await notifyOverdueOwners(db(), new Date("2026-11-12T10:00:00Z"))).toBe(1);
    expect(await notifyOverdueOwners(db(), new Date("2026-11-13T10:00:00Z"))).toBe(0);
    expect(await notifyOverdueOwners(db(), new Date("2026-11-19T10:00:00Z"))).toBe(1);
    const asked = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, manager.id), eq(notifications.type, "overdue")));
    expect(asked).toHaveLength(2);
  });

  it("asks the author 'did this solve it?' when done, and only the author may answer", async () => {
    const manager = await createUser({ role: "manager" });
    const author = await createUser();
    const item = await postItem(author.id);
    expect(await answerOutcome(db(), author, item.id, { answer: "yes", comment: null })).toEqual({
      ok: false,
      error: "notDone",
    });
    await changeStatus(db(), manager, item.id, {
      status: "planned",
      note: null,
      ownerId: manager.id,
      targetDate: "2026-12-01",
    });
    await changeStatus(db(), manager, item.id, {
      status: "done",
      note: "Attivo da oggi",
      ownerId: null,
      targetDate: null,
    });
    const [request] = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, author.id), eq(notifications.type, "outcome_request")));
    expect(request).toBeDefined();
    expect(await answerOutcome(db(), manager, item.id, { answer: "yes", comment: null })).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(
      await answerOutcome(db(), author, item.id, { answer: "partly", comment: "Meno chiamate, non zero" }),
    ).toEqual({ ok: true });
    expect((await getItemView(db(), manager, item.number))?.outcome).toEqual({
      answer: "partly",
      comment: "Meno chiamate, non zero",
    });
  });
});

describe("editing with optimistic concurrency", () => {
  it("refuses a stale version and tells what changed, overwriting nothing", async () => {
    const author = await createUser();
    const manager = await createUser({ role: "manager" });
    const item = await postItem(author.id);
    const first = await editItem(db(), { id: manager.id, canManage: true }, item.id, {
      ...itemInput({ title: "Titolo del responsabile" }),
      version: 1,
    });
    expect(first).toEqual({ ok: true, version: 2 });
    const second = await editItem(db(), { id: author.id, canManage: false }, item.id, {
      ...itemInput({ title: "Titolo dell'autore", body: "Altro" }),
      version: 1,
    });
    expect(second).toMatchObject({
      ok: false,
      error: "conflict",
      changed: expect.arrayContaining(["title", "body"]),
      current: expect.objectContaining({ title: "Titolo del responsabile" }),
    });
    const [stored] = await db().select().from(items).where(eq(items.id, item.id));
    expect(stored?.title).toBe("Titolo del responsabile");
  });

  it("lets only the author or a manager edit", async () => {
    const item = await postItem((await createUser()).id);
    const stranger = await createUser();
    expect(
      await editItem(db(), { id: stranger.id, canManage: false }, item.id, { ...itemInput(), version: 1 }),
    ).toEqual({ ok: false, error: "forbidden" });
  });
});
