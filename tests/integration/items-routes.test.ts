import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { items } from "#db/schema/index";
import { action as itemAction, loader as itemLoader } from "#app/routes/items.$number/route";
import { action as newItemAction } from "#app/routes/items.new";
import { action as triageAction, loader as triageLoader } from "#app/routes/triage";
import { addComment, setCommentHidden } from "#app/services/comments.server";
import { createUser, sessionCookie } from "#tests/factories/index";
import { postItem } from "#tests/factories/items";
import { fieldErrors, makeRequest, runRoute } from "#tests/support/routes";

const itemCount = async () => (await getDb().select({ n: count() }).from(items))[0]?.n ?? -1;

describe("item routes", () => {
  it("post an item from the form and redirect to it", async () => {
    const agent = await createUser();
    const cookie = await sessionCookie(agent.id);
    const result = await runRoute(() =>
      newItemAction({
        request: makeRequest("/items/new", {
          cookie,
          form: {
            kind: "idea",
            title: "Cartello sui resi in cassa",
            area: "communication",
            body: "",
            tags: "resi, Negozio",
          },
        }),
        params: {},
        context: {},
      }),
    );
    expect(result.status).toBe(302);
    const [item] = await getDb().select().from(items);
    expect(result.location).toBe(`/items/${item?.number}`);
    expect(item?.tags).toEqual(["resi", "negozio"]);
  });

  it("reject hostile and oversized input with field errors and write nothing", async () => {
    const cookie = await sessionCookie((await createUser()).id);
    const cases: Array<[Record<string, string>, string]> = [
      [{ kind: "banana", title: "Titolo valido", area: "process" }, "kind"],
      [{ kind: "idea", title: "Titolo valido", area: "drop table items" }, "area"],
      [{ kind: "idea", title: "abc", area: "process" }, "title"],
      [{ kind: "idea", title: "Titolo valido", area: "process", body: "x".repeat(5001) }, "body"],
      [{ kind: "idea", title: "Titolo valido", area: "process", tags: "<script>alert(1)</script>" }, "tags"],
      [{ kind: "idea", title: "Titolo valido", area: "process", channel: "fax" }, "channel"],
    ];
    for (const [form, field] of cases) {
      const result = await runRoute(() =>
        newItemAction({ request: makeRequest("/items/new", { cookie, form }), params: {}, context: {} }),
      );
      expect(result.status, JSON.stringify(form).slice(0, 80)).toBe(400);
      expect(Object.keys(fieldErrors(result.data))).toContain(field);
    }
    expect(await itemCount()).toBe(0);
  });

  it("store markup as plain text (React renders it inert)", async () => {
    const author = await createUser();
    const item = await postItem(author.id, {
      title: "<img src=x onerror=alert(1)> titolo",
      body: "<script>alert(1)</script>",
    });
    const result = await runRoute(() =>
      itemLoader({
        request: makeRequest(`/items/${item.number}`, { cookie: "" }),
        params: { number: String(item.number) },
        context: {},
      }),
    );
    expect(result.status).toBe(302); // anonymous visitors are sent to sign in
    const cookie = await sessionCookie(author.id);
    const page = await runRoute(() =>
      itemLoader({
        request: makeRequest(`/items/${item.number}`, { cookie }),
        params: { number: String(item.number) },
        context: {},
      }),
    );
    expect((page.data as { item: { title: string; body: string } }).item).toMatchObject({
      title: "<img src=x onerror=alert(1)> titolo",
      body: "<script>alert(1)</script>",
    });
  });

  it("give a moderator's reason for hiding a comment to moderators only", async () => {
    const agent = await createUser();
    const manager = await createUser({ role: "manager" });
    const item = await postItem(agent.id);
    const comment = await addComment(getDb(), agent, { itemId: item.id, body: "Il cliente Rossi, cell. 333…" });
    if (!comment.ok) throw new Error("comment failed");
    await setCommentHidden(getDb(), manager, comment.commentId, { reason: "Nome e telefono del signor Rossi" });
    const threadFor = async (userId: string) => {
      const page = await runRoute(async () =>
        itemLoader({
          request: makeRequest(`/items/${item.number}`, { cookie: await sessionCookie(userId) }),
          params: { number: String(item.number) },
          context: {},
        }),
      );
      return (page.data as { comments: Array<{ state: string; hiddenReason: string | null }> }).comments;
    };
    expect(await threadFor(agent.id)).toEqual([expect.objectContaining({ state: "hidden", hiddenReason: null })]);
    expect(JSON.stringify(await threadFor(agent.id))).not.toContain("Rossi");
    expect(await threadFor(manager.id)).toEqual([
      expect.objectContaining({ state: "hidden", hiddenReason: "Nome e telefono del signor Rossi" }),
    ]);
  });

  it("let only managers and admins change status, and only moderators hide comments", async () => {
    const agent = await createUser();
    const manager = await createUser({ role: "manager" });
    const item = await postItem(agent.id);
    const comment = await addComment(getDb(), agent, { itemId: item.id, body: "Commento" });
    if (!comment.ok) throw new Error("comment failed");
    const call = async (userId: string, form: Record<string, string>) =>
      runRoute(async () =>
        itemAction({
          request: makeRequest(`/items/${item.number}`, { cookie: await sessionCookie(userId), form }),
          params: { number: String(item.number) },
          context: {},
        }),
      );
    expect((await call(agent.id, { intent: "status", status: "under_review" })).status).toBe(403);
    expect((await call(agent.id, { intent: "comment-hide", commentId: comment.commentId, reason: "x" })).status).toBe(
      403,
    );
    const refused = await call(manager.id, { intent: "status", status: "planned" });
    expect(refused.status).toBe(400);
    expect(fieldErrors((refused.data as { status: unknown }).status)).toMatchObject({
      ownerId: ["items:errors.ownerRequired"],
      targetDate: ["items:errors.targetDateRequired"],
    });
    expect((await call(manager.id, { intent: "status", status: "under_review", note: "Lo valutiamo" })).status).toBe(
      200,
    );
    expect((await call(manager.id, { intent: "unknown" })).status).toBe(400);
  });

  it("answer 404 for items that do not exist and for malformed numbers", async () => {
    const cookie = await sessionCookie((await createUser()).id);
    for (const number of ["999999", "abc", "-1", "1e3"]) {
      const result = await runRoute(() =>
        itemLoader({ request: makeRequest(`/items/${number}`, { cookie }), params: { number }, context: {} }),
      );
      expect(result.status).toBe(404);
    }
  });

  it("vote without JavaScript by redirecting back, and with it by returning the count", async () => {
    const item = await postItem((await createUser()).id);
    const cookie = await sessionCookie((await createUser()).id);
    const params = { number: String(item.number) };
    const plain = await runRoute(() =>
      itemAction({
        request: makeRequest(`/items/${item.number}`, {
          cookie,
          form: { intent: "vote", voted: "true", redirectTo: "/board?sort=new" },
        }),
        params,
        context: {},
      }),
    );
    expect(plain).toMatchObject({ status: 302, location: "/board?sort=new" });
    const fetcher = await runRoute(() =>
      itemAction({
        request: makeRequest(`/items/${item.number}`, { cookie, form: { intent: "vote", voted: "false" } }),
        params,
        context: {},
      }),
    );
    expect(fetcher.data).toMatchObject({ votes: 0, voted: false });
    const offsite = await runRoute(() =>
      itemAction({
        request: makeRequest(`/items/${item.number}`, {
          cookie,
          form: { intent: "vote", voted: "true", redirectTo: "https://evil.example/" },
        }),
        params,
        context: {},
      }),
    );
    expect(offsite.location).toBe(`/items/${item.number}`);
  });

  it("keep the triage queue for managers and apply quick decisions", async () => {
    const agent = await createUser();
    const manager = await createUser({ role: "manager" });
    const item = await postItem(agent.id);
    expect(
      (
        await runRoute(async () =>
          triageLoader({
            request: makeRequest("/triage", { cookie: await sessionCookie(agent.id) }),
            params: {},
            context: {},
          }),
        )
      ).status,
    ).toBe(403);
    const cookie = await sessionCookie(manager.id);
    const queue = await runRoute(() =>
      triageLoader({ request: makeRequest("/triage", { cookie }), params: {}, context: {} }),
    );
    expect((queue.data as { queue: Array<{ id: string }> }).queue.map((row) => row.id)).toEqual([item.id]);
    const declineWithoutReason = await runRoute(() =>
      triageAction({
        request: makeRequest("/triage", { cookie, form: { intent: "decline", itemId: item.id, note: "" } }),
        params: {},
        context: {},
      }),
    );
    expect(declineWithoutReason.status).toBe(400);
    const accepted = await runRoute(() =>
      triageAction({
        request: makeRequest("/triage", { cookie, form: { intent: "accept", itemId: item.id } }),
        params: {},
        context: {},
      }),
    );
    expect(accepted.data).toMatchObject({ done: item.number });
    const [stored] = await getDb().select().from(items).where(eq(items.id, item.id));
    expect(stored?.status).toBe("under_review");
  });
});
