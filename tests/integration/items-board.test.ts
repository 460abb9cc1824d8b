import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client.server";
import { items } from "#db/schema/index";
import { BoardQuerySchema } from "#app/schemas/items";
import { listBoard } from "#app/services/board.server";
import { findSimilar, getItemView, getTimeline } from "#app/services/items.server";
import { setFollow, setVote } from "#app/services/votes.server";
import { loader as csvLoader } from "#app/routes/board[.]csv";
import { createUser, sessionCookie } from "#tests/factories/index";
import { postItem } from "#tests/factories/items";
import { makeRequest } from "#tests/support/routes";

const board = (viewer: { id: string }, query: Record<string, string> = {}) =>
  listBoard(getDb(), viewer, BoardQuerySchema.parse(query));

describe("the board", () => {
  it("sorts by votes, newest and trending, with keyset pages that neither skip nor repeat", async () => {
    const author = await createUser();
    const people = await Promise.all(Array.from({ length: 3 }, () => createUser()));
    const posted = [];
    for (let i = 0; i < 7; i++) posted.push(await postItem(author.id, { title: `Elemento numero ${i + 1}` }));
    // Item 3 gets three votes, item 5 two, item 1 one.
    for (const person of people) await setVote(getDb(), person.id, posted[2]!.id, true);
    for (const person of people.slice(0, 2)) await setVote(getDb(), person.id, posted[4]!.id, true);
    await setVote(getDb(), people[0]!.id, posted[0]!.id, true);

    const top = await board(author, { sort: "top" });
    expect(top.items.slice(0, 3).map((item) => item.number)).toEqual([
      posted[2]!.number,
      posted[4]!.number,
      posted[0]!.number,
    ]);
    const newest = await board(author, { sort: "new" });
    expect(newest.items.map((item) => item.number)).toEqual([...posted].reverse().map((item) => item.number));
    const trending = await board(author, { sort: "trending" });
    expect(trending.items[0]?.number).toBe(posted[2]!.number);

    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await board(author, { sort: "top", limit: "3", ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((item) => item.number));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it("filters by kind, area, tag, mine and followed, and searches Italian and English words", async () => {
    const me = await createUser();
    const other = await createUser();
    const invoice = await postItem(other.id, {
      title: "Le fatture arrivano in ritardo",
      kind: "insight",
      area: "product",
      tags: ["fatture"],
    });
    const mine = await postItem(me.id, { title: "Refunds take too long to arrive", area: "process" });
    await setFollow(getDb(), me.id, invoice.id, true);

    expect((await board(me, { kind: "insight" })).items.map((item) => item.id)).toEqual([invoice.id]);
    expect((await board(me, { area: "process" })).items.map((item) => item.id)).toEqual([mine.id]);
    expect((await board(me, { tag: "fatture" })).items.map((item) => item.id)).toEqual([invoice.id]);
    expect((await board(me, { mine: "1" })).items.map((item) => item.id)).toEqual([mine.id]);
    expect((await board(me, { followed: "1" })).items.map((item) => item.id).sort()).toEqual(
      [invoice.id, mine.id].sort(),
    );
    // Stemming: "fattura" finds "fatture"; "refund" finds "Refunds".
    expect((await board(me, { q: "fattura" })).items.map((item) => item.id)).toEqual([invoice.id]);
    expect((await board(me, { q: "refund" })).items.map((item) => item.id)).toEqual([mine.id]);
  });

  it("reads every field as the item's page does, whether the page's statement was prepared or not", async () => {
    const me = await createUser();
    const posted: Awaited<ReturnType<typeof postItem>>[] = [];
    for (let i = 0; i < 4; i++) posted.push(await postItem(me.id, { title: `Voce ${i + 1}`, tags: ["prova"] }));
    await getDb().update(items).set({ targetDate: "2020-01-31" }).where(eq(items.id, posted[1]!.id));
    await setVote(getDb(), me.id, posted[1]!.id, true);
    const first = await board(me, { sort: "new" });
    for (const item of first.items) {
      const view = await getItemView(getDb(), me, item.number);
      expect(item).toMatchObject({
        id: view!.id,
        title: view!.title,
        tags: view!.tags,
        targetDate: view!.targetDate,
        createdAt: view!.createdAt,
        voted: view!.voted,
        overdue: view!.overdue,
      });
      expect(item.createdAt).toBeInstanceOf(Date);
    }
    expect(first.items.find((item) => item.id === posted[1]!.id)).toMatchObject({
      targetDate: "2020-01-31",
      voted: true,
      overdue: true,
    });
    // Past the shapes prepared per database, pages are sent unprepared and read the same.
    for (let limit = 1; limit <= 80; limit++) {
      const page = await board(me, { sort: "new", limit: String(limit) });
      expect(page.items).toEqual(first.items.slice(0, limit));
      expect(page.nextCursor !== null).toBe(limit < posted.length);
    }
  });

  it("suggests similar items while a title is typed", async () => {
    const author = await createUser();
    const item = await postItem(author.id, { title: "I clienti non trovano il codice cliente in fattura" });
    await postItem(author.id, { title: "Modem che si riavvia di notte" });
    const similar = await findSimilar(getDb(), "codice cliente fattura");
    expect(similar.map((row) => row.id)).toEqual([item.id]);
    expect(await findSimilar(getDb(), "ab")).toEqual([]);
  });
});

describe("anonymity", () => {
  it("hides an anonymous author from everyone but the author, on every surface", async () => {
    const author = await createUser({ name: "Chiara Nascosta" });
    const colleague = await createUser();
    const item = await postItem(author.id, { anonymous: true, title: "Il capo non ascolta i suggerimenti" });

    expect((await board(colleague)).items[0]?.authorName).toBeNull();
    expect((await getItemView(getDb(), colleague, item.number))?.authorName).toBeNull();
    expect((await getTimeline(getDb(), item.id)).every((entry) => entry.actorName === null)).toBe(true);
    // The author still sees and manages their own item.
    expect((await getItemView(getDb(), author, item.number))?.authorName).toBe("Chiara Nascosta");
    expect((await board(author)).items[0]?.authorName).toBe("Chiara Nascosta");

    for (const viewer of [colleague, author]) {
      const response = (await csvLoader({
        request: makeRequest("/board.csv", { cookie: await sessionCookie(viewer.id) }),
        params: {},
        context: {},
      })) as Response;
      const text = await response.text();
      expect(text).toContain("Il capo non ascolta i suggerimenti");
      expect(text).not.toContain("Chiara Nascosta");
    }
  });
});

describe("the board's CSV export", () => {
  it("speaks the person's language: Italian headers and words with ';' for Italian Excel, English with ','", async () => {
    const author = await createUser({ name: "Paola Esporta" });
    await postItem(author.id, { title: "Bollette illeggibili, da rifare", kind: "insight" });
    const cookie = await sessionCookie(author.id);
    const download = async (headers: Record<string, string> = {}) =>
      (
        (await csvLoader({
          request: makeRequest("/board.csv", { cookie, headers }),
          params: {},
          context: {},
        })) as Response
      ).text();

    const italian = (await download()).replace(/^\uFEFF/, "").split("\r\n");
    expect(italian[0]).toBe(
      "Numero;Titolo;Tipo;Stato;Causa;Canale;Team;Etichette;Voti;Commenti;Autore;Responsabile;Data prevista;In ritardo;Pubblicato il;Indirizzo",
    );
    const row = italian.find((line) => line.includes("Bollette illeggibili"));
    expect(row).toContain(';"Bollette illeggibili, da rifare";Osservazione;Nuovo;');
    expect(row).not.toMatch(/\binsight\b|\bnew\b/);
    expect(row).toMatch(/;\d{4}-\d{2}-\d{2};http/);

    const english = (await download({ "accept-language": "en-GB" })).replace(/^\uFEFF/, "").split("\r\n");
    expect(english[0]).toBe(
      "Number,Title,Kind,Status,Root cause,Channel,Team,Tags,Votes,Comments,Author,Owner,Target date,Overdue,Posted on,Address",
    );
    expect(english.find((line) => line.includes("Bollette illeggibili"))).toContain(
      ',"Bollette illeggibili, da rifare",Insight,New,',
    );
  });
});
