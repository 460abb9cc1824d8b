import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabaseHandle, getDb, openDatabase, type Database } from "#db/client.server";
import { events, items, votes } from "#db/schema/index";
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
  const [row] = await getDb()
    .select({ n: items.voteCount })
    .from(items)
    .where(sql`${items.id} = ${itemId}`);
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
    expect(await setVote(getDb(), voter.id, { number: item.number }, true)).toMatchObject({
      ok: true,
      votes: 1,
      voted: true,
    });
    expect(await rowsFor(item.id)).toBe(1);
    expect(await setVote(getDb(), voter.id, { number: item.number + 1000 }, true)).toEqual({
      ok: false,
      error: "notFound",
    });
  });

  it("land in batches under a burst: every vote answered, counters equal rows, one event per item per batch", async () => {
    const author = await createUser();
    const open = await Promise.all(Array.from({ length: 6 }, () => postItem(author.id)));
    const people = await Promise.all(Array.from({ length: 30 }, () => createUser()));
    const results = await Promise.all(
      people.flatMap((person) => open.map((item) => setVote(getDb(), person.id, item.id, true))),
    );
    expect(results.every((result) => result.ok && result.voted)).toBe(true);
    for (const item of open) {
      expect(await rowsFor(item.id)).toBe(30);
      expect(await counterFor(item.id)).toBe(30);
    }
    // Each answer carries its item's count once its batch was written: the highest is the final count.
    const answered = open.map((_, index) =>
      results.filter((_, n) => n % open.length === index).map((result) => (result.ok ? result.votes : -1)),
    );
    for (const counts of answered) {
      expect(Math.max(...counts)).toBe(30);
      expect(counts.every((count) => count >= 1 && count <= 30)).toBe(true);
    }
    const voted = await getDb()
      .select()
      .from(events)
      .where(sql`${events.type} = 'item.voted'`);
    // 180 votes, far fewer events: they were written in batches, each naming its item's count then.
    expect(voted.length).toBeGreaterThanOrEqual(open.length);
    expect(voted.length).toBeLessThan(results.length);
    for (const item of open) {
      const counts = voted
        .filter((event) => event.itemId === item.id)
        .map((event) => (event.payload as { votes: number }).votes);
      expect(counts.at(-1)).toBe(30);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    }
  });

  it("keep one person's votes in the order they arrived while other batches are being written", async () => {
    const author = await createUser();
    const voter = await createUser();
    const item = await postItem(author.id);
    const others = await Promise.all(Array.from({ length: 12 }, () => createUser()));
    const busy = await Promise.all(Array.from({ length: 4 }, () => postItem(author.id)));
    const byNumber = { number: item.number };
    // The person's votes interleave with a burst from others, naming the item by id and by number.
    const mine: Promise<unknown>[] = [];
    const theirs: Promise<unknown>[] = [];
    others.forEach((person, index) => {
      theirs.push(...busy.map((other) => setVote(getDb(), person.id, other.id, true)));
      if (index % 3 === 0) {
        const step = mine.length;
        mine.push(setVote(getDb(), voter.id, step % 2 === 0 ? item.id : byNumber, step % 2 === 0));
      }
    });
    mine.push(setVote(getDb(), voter.id, byNumber, true));
    const answers = await Promise.all(mine);
    await Promise.all(theirs);
    expect(answers.map((answer) => (answer as { voted: boolean }).voted)).toEqual([true, false, true, false, true]);
    expect(answers.map((answer) => (answer as { votes: number }).votes)).toEqual([1, 0, 1, 0, 1]);
    expect(await rowsFor(item.id)).toBe(1);
    expect(await counterFor(item.id)).toBe(1);
  });

  it("answer each vote of a mixed batch on its own: unknown items, closed items and malformed ids do not fail the rest", async () => {
    const manager = await createUser({ role: "manager" });
    const voter = await createUser();
    const open = await postItem(manager.id);
    const closed = await postItem(manager.id);
    await changeStatus(getDb(), manager, closed.id, {
      status: "declined",
      note: "Fuori ambito",
      ownerId: null,
      targetDate: null,
    });
    const results = await Promise.all([
      setVote(getDb(), voter.id, open.id, true),
      setVote(getDb(), voter.id, closed.id, true),
      setVote(getDb(), voter.id, { number: open.number + 1000 }, true),
      setVote(getDb(), voter.id, "not-a-uuid", true),
      setVote(getDb(), voter.id, { number: open.number }, false),
      setVote(getDb(), voter.id, { number: open.number }, true),
    ]);
    expect(results).toEqual([
      { ok: true, votes: 1, voted: true, following: false },
      { ok: false, error: "closed", status: "declined" },
      { ok: false, error: "notFound" },
      { ok: false, error: "notFound" },
      // The same person and item again, by number: each waits for the next batch, in order.
      { ok: true, votes: 0, voted: false, following: false },
      { ok: true, votes: 1, voted: true, following: false },
    ]);
    expect(await rowsFor(open.id)).toBe(1);
    expect(await counterFor(open.id)).toBe(1);
  });

  it("never deadlock when two processes vote on the same items in opposite orders", async () => {
    const handle = getDatabaseHandle();
    // A second connection pool stands for a second web process; PGlite has a single connection.
    const second = handle.driver === "postgres" ? openDatabase({ databaseUrl: handle.url, poolMax: 4 }) : undefined;
    const other: Database = second?.db ?? getDb();
    try {
      const author = await createUser();
      const shared = await Promise.all(Array.from({ length: 10 }, () => postItem(author.id)));
      const people = await Promise.all(Array.from({ length: 20 }, () => createUser()));
      const reversed = [...shared].reverse();
      await Promise.all(
        people.flatMap((person, index) => [
          ...shared.map((item) => setVote(index % 2 === 0 ? getDb() : other, person.id, item.id, true)),
          ...reversed.map((item) => setVote(index % 2 === 0 ? other : getDb(), person.id, item.id, index % 3 !== 0)),
        ]),
      );
      for (const item of shared) expect(await counterFor(item.id)).toBe(await rowsFor(item.id));
    } finally {
      await second?.close();
    }
  });

  it("are closed on done, declined and duplicate items", async () => {
    const manager = await createUser({ role: "manager" });
    const voter = await createUser();
    const item = await postItem(voter.id);
    await changeStatus(getDb(), manager, item.id, {
      status: "declined",
      note: "Fuori ambito",
      ownerId: null,
      targetDate: null,
    });
    expect(await setVote(getDb(), voter.id, item.id, true)).toEqual({ ok: false, error: "closed", status: "declined" });
  });
});
