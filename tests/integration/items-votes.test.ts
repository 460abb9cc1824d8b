import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { items, votes } from "#db/schema/index";
import { changeStatus } from "#app/services/status.server";
import { setVote } from "#app/services/votes.server";
import { createUser } from "#tests/factories/index";
import { postItem } from "#tests/factories/items";

async function rowsFor(itemId: string) {
  const [row] = await getDb()
    .select({ rows: sql<number>`count(*)::int` })
    .from(votes)
    .where(sql`${votes.itemId} = ${itemId}`);
  return row?.rows ?? -1;
}

async function counterFor(itemId: string) {
  const [row] = await getDb().select({ n: items.voteCount }).from(items).where(sql`${items.id} = ${itemId}`);
  return row?.n ?? -1;
}

describe("votes", () => {
  it("are idempotent: voting twice keeps one row and a count of one", async () => {
    const author = await createUser();
    const voter = await createUser();
    const item = await postItem(author.id);
    expect(await setVote(getDb(), voter.id, item.id, true)).toMatchObject({ ok: true, votes: 1, voted: true });
    expect(await setVote(getDb(), voter.id, item.id, true)).toMatchObject({ ok: true, votes: 1, voted: true });
    expect(await rowsFor(item.id)).toBe(1);
    expect(await setVote(getDb(), voter.id, item.id, false)).toMatchObject({ ok: true, votes: 0, voted: false });
    expect(await setVote(getDb(), voter.id, item.id, false)).toMatchObject({ ok: true, votes: 0, voted: false });
    expect(await rowsFor(item.id)).toBe(0);
  });

  it("keep the counter equal to the rows under concurrent double clicks and retries", async () => {
    const author = await createUser();
    const item = await postItem(author.id);
    const people = await Promise.all(Array.from({ length: 8 }, () => createUser()));
    // Every person clicks three times at once, and half of them take the vote back.
    await Promise.all(
      people.flatMap((person, index) => [
        setVote(getDb(), person.id, item.id, true),
        setVote(getDb(), person.id, item.id, true),
        setVote(getDb(), person.id, item.id, index % 2 === 0),
      ]),
    );
    expect(await counterFor(item.id)).toBe(await rowsFor(item.id));
  });

  it("name the item by its number as well as its id, with no vote for an unknown number", async () => {
    const voter = await createUser();
    const item = await postItem(voter.id);
    expect(await setVote(getDb(), voter.id, { number: item.number }, true)).toMatchObject({ ok: true, votes: 1, voted: true });
    expect(await rowsFor(item.id)).toBe(1);
    expect(await setVote(getDb(), voter.id, { number: item.number + 1000 }, true)).toEqual({ ok: false, error: "notFound" });
  });

  it("are closed on done, declined and duplicate items", async () => {
    const manager = await createUser({ role: "manager" });
    const voter = await createUser();
    const item = await postItem(voter.id);
    await changeStatus(getDb(), manager, item.id, { status: "declined", note: "Fuori ambito", ownerId: null, targetDate: null });
    expect(await setVote(getDb(), voter.id, item.id, true)).toEqual({ ok: false, error: "closed", status: "declined" });
  });
});
