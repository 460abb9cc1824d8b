import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as commentsRoute from "#app/routes/api.v1.items.$id.comments";
import * as statusRoute from "#app/routes/api.v1.items.$id.status";
import * as voteRoute from "#app/routes/api.v1.items.$id.vote";
import { setCommentHidden } from "#app/services/comments.server";
import { updateUserRoleAndTeam, setUserActive } from "#app/services/users.server";
import { getDb } from "#db/client.server";
import { comments, items, timeline, votes } from "#db/schema/index";
import { closeItem, createKey } from "#tests/factories/api";
import { createUser, sessionCookie } from "#tests/factories/index";
import { apiErrorOf, callApi } from "#tests/support/api";
import { postItem } from "#tests/factories/items";

async function itemRow(id: string) {
  const [row] = await getDb().select().from(items).where(eq(items.id, id));
  return row!;
}

async function voteRows(itemId: string) {
  return getDb().select().from(votes).where(eq(votes.itemId, itemId));
}

function vote(method: "PUT" | "DELETE", ref: string | number, auth: { apiKey?: string; cookie?: string }) {
  return callApi(voteRoute, `/api/v1/items/${ref}/vote`, { ...auth, method, params: { id: String(ref) } });
}

function setStatus(ref: string | number, auth: { apiKey?: string; cookie?: string }, json: unknown) {
  return callApi(statusRoute, `/api/v1/items/${ref}/status`, { ...auth, json, params: { id: String(ref) } });
}

function comment(ref: string | number, auth: { apiKey?: string; cookie?: string }, json: unknown) {
  return callApi(commentsRoute, `/api/v1/items/${ref}/comments`, { ...auth, json, params: { id: String(ref) } });
}

async function managerKey() {
  const admin = await createUser({ role: "admin", name: "Franco Admin" });
  const { key } = await createKey(admin);
  return { admin, key };
}

describe("PUT and DELETE /api/v1/items/:id/vote", () => {
  it("votes once however often it is sent, and takes the vote back the same way", async () => {
    const { admin, key } = await managerKey();
    const item = await postItem(await createUser());

    expect(await vote("PUT", item.number, { apiKey: key })).toMatchObject({
      status: 200,
      body: { votes: 1, voted: true },
    });
    expect(await vote("PUT", item.id, { apiKey: key })).toMatchObject({ status: 200, body: { votes: 1, voted: true } });
    expect(await voteRows(item.id)).toEqual([expect.objectContaining({ userId: admin.id })]);
    expect((await itemRow(item.id)).voteCount).toBe(1);

    expect(await vote("DELETE", item.number, { apiKey: key })).toMatchObject({
      status: 200,
      body: { votes: 0, voted: false },
    });
    expect(await vote("DELETE", item.number, { apiKey: key })).toMatchObject({
      status: 200,
      body: { votes: 0, voted: false },
    });
    expect(await voteRows(item.id)).toEqual([]);
    expect((await itemRow(item.id)).voteCount).toBe(0);
  });

  it("counts each person once: a session vote and a key vote are two people", async () => {
    const { key } = await managerKey();
    const agent = await createUser();
    const item = await postItem(agent);
    await vote("PUT", item.number, { cookie: await sessionCookie(agent.id) });
    expect((await vote("PUT", item.number, { apiKey: key })).body).toEqual({ votes: 2, voted: true });
  });

  it("answers 409 to a vote on a done item and records nothing", async () => {
    const { admin, key } = await managerKey();
    const item = await postItem(await createUser());
    await closeItem(item.id, admin);
    const result = await vote("PUT", item.number, { apiKey: key });
    expect(result.status).toBe(409);
    expect(apiErrorOf(result)).toMatchObject({ code: "voting_closed", message: expect.stringContaining("done") });
    expect(await voteRows(item.id)).toEqual([]);
  });

  it("answers 404 to an unknown item and 403 to a key without items:write", async () => {
    const { admin, key } = await managerKey();
    expect((await vote("PUT", 4242, { apiKey: key })).status).toBe(404);
    const item = await postItem(await createUser());
    const readOnly = await createKey(admin, ["items:read"]);
    const result = await vote("PUT", item.number, { apiKey: readOnly.key });
    expect(result.status).toBe(403);
    expect(apiErrorOf(result).code).toBe("insufficient_scope");
    expect(await voteRows(item.id)).toEqual([]);
  });
});

describe("POST /api/v1/items/:id/status", () => {
  it("moves an item for an admin's key and answers with the item", async () => {
    const { admin, key } = await managerKey();
    const owner = await createUser({ role: "manager", name: "Olga Owner" });
    const item = await postItem(await createUser());
    const result = await setStatus(
      item.number,
      { apiKey: key },
      { status: "planned", note: "In lavorazione a marzo", ownerId: owner.id, targetDate: "2030-03-31" },
    );
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      id: item.id,
      status: "planned",
      owner: "Olga Owner",
      ownerId: owner.id,
      targetDate: "2030-03-31",
      version: 2,
    });
    const entries = await getDb()
      .select()
      .from(timeline)
      .where(and(eq(timeline.itemId, item.id), eq(timeline.type, "status")));
    expect(entries).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        fromStatus: "new",
        toStatus: "planned",
        note: "In lavorazione a marzo",
      }),
    ]);
  });

  it("lets a manager with a session move an item", async () => {
    const manager = await createUser({ role: "manager" });
    const item = await postItem(await createUser());
    const result = await setStatus(item.id, { cookie: await sessionCookie(manager.id) }, { status: "under_review" });
    expect(result).toMatchObject({ status: 200, body: { status: "under_review" } });
  });

  it("answers 403 to an agent, and to the key of an admin who has since become an agent", async () => {
    const agent = await createUser({ role: "agent" });
    const item = await postItem(agent);
    const bySession = await setStatus(
      item.number,
      { cookie: await sessionCookie(agent.id) },
      { status: "under_review" },
    );
    expect(bySession.status).toBe(403);
    expect(apiErrorOf(bySession).code).toBe("forbidden");

    const { admin, key } = await managerKey();
    const otherAdmin = await createUser({ role: "admin" });
    await updateUserRoleAndTeam(getDb(), { id: otherAdmin.id }, { userId: admin.id, role: "agent", teamId: null });
    const byKey = await setStatus(item.number, { apiKey: key }, { status: "under_review" });
    expect(byKey.status).toBe(403);
    expect(apiErrorOf(byKey).code).toBe("forbidden");
    expect((await itemRow(item.id)).status).toBe("new");
  });

  it("answers 422 with fields when planned has no owner, and leaves the item alone", async () => {
    const { key } = await managerKey();
    const item = await postItem(await createUser());
    const result = await setStatus(item.number, { apiKey: key }, { status: "planned", targetDate: "2030-03-31" });
    expect(result.status).toBe(422);
    expect(apiErrorOf(result)).toMatchObject({
      code: "rule_violation",
      fields: { ownerId: ["Choose an owner: planned and in-progress items need one named person."] },
    });
    expect(Object.keys(apiErrorOf(result).fields ?? {})).toEqual(["ownerId"]);
    const row = await itemRow(item.id);
    expect(row).toMatchObject({ status: "new", version: 1 });
  });

  it("answers 422 to a move the workflow does not allow, naming the allowed ones", async () => {
    const { key } = await managerKey();
    const item = await postItem(await createUser());
    const result = await setStatus(item.number, { apiKey: key }, { status: "done" });
    expect(result.status).toBe(422);
    expect(apiErrorOf(result).fields?.status?.[0]).toContain(
      "From new: under_review, planned, in_progress, declined, duplicate.",
    );
  });

  it("answers 422 to an owner who is deactivated and to a declined item without a reason", async () => {
    const { admin, key } = await managerKey();
    const gone = await createUser({ role: "manager" });
    await setUserActive(getDb(), { id: admin.id }, { userId: gone.id, active: false });
    const item = await postItem(await createUser());
    const owner = await setStatus(
      item.number,
      { apiKey: key },
      { status: "planned", ownerId: gone.id, targetDate: "2030-03-31" },
    );
    expect(owner.status).toBe(422);
    expect(apiErrorOf(owner).fields).toEqual({ ownerId: ["The owner must be an active person."] });
    const declined = await setStatus(item.number, { apiKey: key }, { status: "declined", note: "   " });
    expect(declined.status).toBe(422);
    expect(apiErrorOf(declined).fields).toHaveProperty("note");
  });

  it("answers 400 to an unknown status or a bad date, 404 to an unknown item, 409 to a stale version", async () => {
    const { key } = await managerKey();
    const item = await postItem(await createUser());
    const bad = await setStatus(item.number, { apiKey: key }, { status: "finished", targetDate: "31/03/2030" });
    expect(bad.status).toBe(400);
    expect(Object.keys(apiErrorOf(bad).fields ?? {}).sort()).toEqual(["status", "targetDate"]);
    expect(apiErrorOf(bad).fields?.targetDate).toEqual(["Enter a date as YYYY-MM-DD."]);

    expect((await setStatus(9999, { apiKey: key }, { status: "under_review" })).status).toBe(404);

    const stale = await setStatus(item.number, { apiKey: key }, { status: "under_review", version: 7 });
    expect(stale.status).toBe(409);
    expect(apiErrorOf(stale).code).toBe("version_conflict");
    expect((await setStatus(item.number, { apiKey: key }, { status: "under_review", version: 1 })).status).toBe(200);
  });

  it("answers 400 invalid_json to a broken body", async () => {
    const { key } = await managerKey();
    const item = await postItem(await createUser());
    const result = await callApi(statusRoute, `/api/v1/items/${item.number}/status`, {
      apiKey: key,
      body: "{status: planned}",
      params: { id: String(item.number) },
    });
    expect(result.status).toBe(400);
    expect(apiErrorOf(result).code).toBe("invalid_json");
  });
});

describe("/api/v1/items/:id/comments", () => {
  it("adds a comment and a reply with 201, and lists the thread", async () => {
    const { admin, key } = await managerKey();
    const item = await postItem(await createUser());
    const first = await comment(item.number, { apiKey: key }, { body: "  Succede anche a noi.  " });
    expect(first.status).toBe(201);
    const created = first.body as { id: string };
    expect(first.body).toMatchObject({
      itemId: item.id,
      parentId: null,
      body: "Succede anche a noi.",
      author: "Franco Admin",
    });
    const [row] = await getDb().select().from(comments).where(eq(comments.id, created.id));
    expect(row).toMatchObject({ authorId: admin.id, itemId: item.id, body: "Succede anche a noi." });
    expect((await itemRow(item.id)).commentCount).toBe(1);

    const agent = await createUser({ name: "Ugo Agente" });
    const reply = await comment(
      item.id,
      { cookie: await sessionCookie(agent.id) },
      { body: "Confermo", parentId: created.id },
    );
    expect(reply).toMatchObject({ status: 201, body: { parentId: created.id, author: "Ugo Agente" } });

    const thread = await callApi(commentsRoute, `/api/v1/items/${item.number}/comments`, {
      apiKey: key,
      params: { id: String(item.number) },
    });
    expect(thread.status).toBe(200);
    expect((thread.body as { comments: Array<Record<string, unknown>> }).comments).toEqual([
      expect.objectContaining({
        id: created.id,
        parentId: null,
        body: "Succede anche a noi.",
        author: "Franco Admin",
        state: "visible",
      }),
      expect.objectContaining({ parentId: created.id, body: "Confermo", author: "Ugo Agente" }),
    ]);
  });

  it("lists a hidden comment's reason to moderators only", async () => {
    const { admin, key } = await managerKey();
    const agent = await createUser();
    const item = await postItem(agent);
    const created = (
      await comment(item.number, { cookie: await sessionCookie(agent.id) }, { body: "Il cliente Rossi ha chiamato" })
    ).body as { id: string };
    await setCommentHidden(getDb(), admin, created.id, { reason: "Nome di un cliente: Rossi" });
    const threadFor = async (auth: { apiKey?: string; cookie?: string }) =>
      (
        await callApi(commentsRoute, `/api/v1/items/${item.number}/comments`, {
          ...auth,
          params: { id: String(item.number) },
        })
      ).body as {
        comments: Array<Record<string, unknown>>;
      };
    const forAgent = await threadFor({ cookie: await sessionCookie(agent.id) });
    expect(forAgent.comments).toEqual([expect.objectContaining({ state: "hidden", body: "", hiddenReason: null })]);
    expect(JSON.stringify(forAgent)).not.toContain("Rossi");
    expect((await threadFor({ apiKey: key })).comments).toEqual([
      expect.objectContaining({ state: "hidden", hiddenReason: "Nome di un cliente: Rossi" }),
    ]);
  });

  it("answers 400 to an empty comment, 422 to a reply to a reply, 404 to an unknown item", async () => {
    const { key } = await managerKey();
    const item = await postItem(await createUser());
    const empty = await comment(item.number, { apiKey: key }, { body: "   " });
    expect(empty.status).toBe(400);
    expect(apiErrorOf(empty).fields).toEqual({ body: ["This field is required."] });

    const top = (await comment(item.number, { apiKey: key }, { body: "Primo" })).body as { id: string };
    const reply = (await comment(item.number, { apiKey: key }, { body: "Secondo", parentId: top.id })).body as {
      id: string;
    };
    const nested = await comment(item.number, { apiKey: key }, { body: "Terzo", parentId: reply.id });
    expect(nested.status).toBe(422);
    expect(apiErrorOf(nested)).toMatchObject({ code: "rule_violation", fields: { parentId: [expect.any(String)] } });

    const other = await postItem(await createUser(), { title: "Un altro elemento qualsiasi" });
    const elsewhere = await comment(other.number, { apiKey: key }, { body: "Altrove", parentId: top.id });
    expect(elsewhere.status).toBe(422);

    expect((await comment(31337, { apiKey: key }, { body: "Nessuno" })).status).toBe(404);
    expect((await itemRow(item.id)).commentCount).toBe(2);
  });

  it("answers 403 to a key with only items:read", async () => {
    const { admin } = await managerKey();
    const readOnly = await createKey(admin, ["items:read"]);
    const item = await postItem(await createUser());
    const result = await comment(item.number, { apiKey: readOnly.key }, { body: "Posso?" });
    expect(result.status).toBe(403);
    expect(apiErrorOf(result).code).toBe("insufficient_scope");
    expect(await getDb().select().from(comments)).toEqual([]);
  });
});
