import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "#db/client.server";
import * as envModule from "#app/utils/env.server";
import { auditLog, displayTokens, displays } from "#db/schema/index";
import { action as displaysAction, loader as displaysLoader } from "#app/routes/admin.displays";
import { action as editDisplayAction } from "#app/routes/admin.displays_.$id";
import { loader as eventsLoader } from "#app/routes/api.v1.events";
import { loader as wallLoader } from "#app/routes/wall.$token/route";
import { addComment } from "#app/services/comments.server";
import {
  createDisplay,
  hashDisplayToken,
  regenerateDisplayToken,
  revokeDisplay,
  updateDisplay,
} from "#app/services/displays.server";
import { closeLiveHub, getLiveHub } from "#app/services/live/hub.server";
import { setVote } from "#app/services/votes.server";
import { createTeam, createUser, sessionCookie } from "#tests/factories/index";
import { displayInput } from "#tests/factories/displays";
import { postItem } from "#tests/factories/items";
import { readSse, streamRequest } from "#tests/support/sse";
import { expectThrownResponse, makeRequest } from "#tests/support/routes";

afterEach(async () => {
  vi.restoreAllMocks();
  await closeLiveHub();
});

type WallResult = { data: Record<string, unknown>; init: { status?: number } | null };

async function openWall(token: string): Promise<WallResult> {
  return (await wallLoader({
    request: makeRequest(`/wall/${token}`),
    params: { token },
    context: {},
  })) as unknown as WallResult;
}

async function openStream(token: string, signal: AbortSignal, lastEventId?: number) {
  return (await eventsLoader({
    request: streamRequest(`/api/v1/events?display=${token}`, { signal, lastEventId }),
    params: {},
    context: {},
  })) as Response;
}

describe("display tokens", () => {
  it("are stored only as a hash and open the wall without signing in", async () => {
    const admin = await createUser({ role: "admin" });
    const { id, token } = await createDisplay(getDb(), admin, displayInput());
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await getDb().select().from(displayTokens).where(eq(displayTokens.displayId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(hashDisplayToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);

    const wall = await openWall(token);
    expect(wall.init?.status ?? 200).toBe(200);
    expect(wall.data).toMatchObject({ revoked: false, display: { name: "TV secondo piano" } });
    expect(String(wall.data.qr)).toMatch(/^data:image\/svg\+xml;base64,/);
    const [seen] = await getDb().select({ lastSeenAt: displays.lastSeenAt }).from(displays).where(eq(displays.id, id));
    expect(seen?.lastSeenAt).toBeInstanceOf(Date);
  });

  it("answers 404 for an unknown or malformed token", async () => {
    for (const token of ["A".repeat(43), "short"]) {
      const missing = await expectThrownResponse(() => openWall(token));
      expect(missing.status, token).toBe(404);
      expect(missing.headers.get("cache-control"), token).toBe("no-store");
      expect(missing.headers.get("x-robots-tag"), token).toBe("noindex");
      expect(await missing.json(), token).toEqual({ reason: "wall:notFound" });
    }
  });

  it("when revoked, answer 410 and show that the display was revoked, on the page and the stream", async () => {
    const admin = await createUser({ role: "admin" });
    const { id, token } = await createDisplay(getDb(), admin, displayInput());
    expect(await revokeDisplay(getDb(), admin, id)).toBe(true);
    const wall = await openWall(token);
    expect(wall.init?.status).toBe(410);
    expect(wall.data).toEqual({ revoked: true, locale: "it" });
    const stream = await openStream(token, new AbortController().signal);
    expect(stream.status).toBe(410);
  });

  it("when regenerated, kill the old URL at once and tell a screen that is streaming with it", async () => {
    const admin = await createUser({ role: "admin" });
    const { id, token: oldToken } = await createDisplay(getDb(), admin, displayInput());
    const controller = new AbortController();
    const reader = readSse(await openStream(oldToken, controller.signal));
    expect((await reader.next()).event).toBe("ready");

    const newToken = await regenerateDisplayToken(getDb(), admin, id);
    if (!newToken) throw new Error("no token");
    await getLiveHub().flush();
    const told = await reader.next();
    expect(JSON.parse(told.data)).toEqual({ type: "display.revoked", displayId: id });
    await expect(reader.next()).rejects.toThrow("stream ended");
    controller.abort();

    expect((await openWall(oldToken)).init?.status).toBe(410);
    expect((await openWall(newToken)).init?.status ?? 200).toBe(200);
  });
});

describe("a display's stream", () => {
  it("carries only items of its teams and tags, never comments or anonymous names", async () => {
    const admin = await createUser({ role: "admin" });
    const team = await createTeam("Fatturazione");
    const other = await createTeam("Mobile");
    const { token } = await createDisplay(getDb(), admin, displayInput({ teamIds: [team.id], tags: ["bollette"] }));
    const author = await createUser({ name: "Mario Nascosto" });
    const voter = await createUser();

    const controller = new AbortController();
    const reader = readSse(await openStream(token, controller.signal));
    expect((await reader.next()).event).toBe("ready");

    const wrongTeam = await postItem(author.id, { teamId: other.id, tags: ["bollette"], title: "Altro team" });
    const wrongTag = await postItem(author.id, { teamId: team.id, tags: ["app"], title: "Altra etichetta" });
    const shown = await postItem(author.id, {
      teamId: team.id,
      tags: ["bollette"],
      anonymous: true,
      title: "Mostrata",
    });
    await setVote(getDb(), voter.id, wrongTeam.id, true);
    await setVote(getDb(), voter.id, wrongTag.id, true);
    await addComment(getDb(), voter, { itemId: shown.id, body: "commento" });
    await setVote(getDb(), voter.id, shown.id, true);
    await getLiveHub().flush();

    const first = await reader.next();
    const second = await reader.next();
    controller.abort();
    expect(JSON.parse(first.data)).toMatchObject({ type: "item.created", id: shown.id, authorName: null });
    expect(JSON.parse(second.data)).toEqual({ type: "item.voted", id: shown.id, number: shown.number, votes: 1 });
    expect(first.raw + second.raw).not.toContain("Mario");
  });

  it("shows the most-voted notes of each whiteboard column with the column's true count", async () => {
    const admin = await createUser({ role: "admin" });
    const { token } = await createDisplay(getDb(), admin, displayInput());
    const author = await createUser();
    const voter = await createUser();
    const posted = [];
    for (let index = 0; index < 5; index++) posted.push(await postItem(author.id, { title: `Nota ${index}` }));
    await setVote(getDb(), voter.id, posted[4]!.id, true);

    const wall = await openWall(token);
    const columns = (
      wall.data.wall as { whiteboard: Array<{ status: string; total: number; notes: Array<{ title: string }> }> }
    ).whiteboard;
    const fresh = columns.find((column) => column.status === "new");
    expect(fresh?.total).toBe(5);
    expect(fresh?.notes.map((note) => note.title)).toEqual(["Nota 4", "Nota 3", "Nota 2"]);
    expect(columns.find((column) => column.status === "planned")).toMatchObject({ total: 0, notes: [] });
  });

  it("with no item panels gets no item events", async () => {
    const admin = await createUser({ role: "admin" });
    const { id, token } = await createDisplay(getDb(), admin, displayInput({ panels: ["qr"] }));
    const author = await createUser();
    const controller = new AbortController();
    const reader = readSse(await openStream(token, controller.signal));
    await reader.next();
    await postItem(author.id);
    await revokeDisplay(getDb(), admin, id);
    await getLiveHub().flush();
    const next = await reader.next();
    controller.abort();
    expect(JSON.parse(next.data).type).toBe("display.revoked");
  });
});

describe("editing a display", () => {
  it("tells its screens to reload, and refuses a bad form", async () => {
    const admin = await createUser({ role: "admin" });
    const { id, token } = await createDisplay(getDb(), admin, displayInput());
    const controller = new AbortController();
    const reader = readSse(await openStream(token, controller.signal));
    await reader.next();
    await updateDisplay(getDb(), admin, id, displayInput({ name: "Nuovo nome", panels: ["qr"] }));
    await getLiveHub().flush();
    const told = await reader.next();
    controller.abort();
    expect(JSON.parse(told.data)).toEqual({ type: "display.updated", displayId: id });

    const cookie = await sessionCookie(admin.id);
    const bad = (await editDisplayAction({
      request: makeRequest(`/admin/displays/${id}`, {
        cookie,
        form: { intent: "update", displayId: id, name: "Nuovo nome", locale: "it", rotationSeconds: "700" },
      }),
      params: { id },
      context: {},
    })) as unknown as { init: { status: number } };
    expect(bad.init.status).toBe(400);
    const [row] = await getDb().select().from(displays).where(eq(displays.id, id));
    expect(row).toMatchObject({ name: "Nuovo nome", panels: ["qr"] });
  });
});

describe("the displays admin page", () => {
  it("warns that wall addresses follow the browser's host while PUBLIC_URL is unset", async () => {
    const admin = await createUser({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    const open = async () =>
      (await displaysLoader({ request: makeRequest("/admin/displays", { cookie }), params: {}, context: {} })) as {
        publicUrlMissing: string | null;
      };
    vi.spyOn(envModule, "getEnv").mockReturnValue(envModule.parseEnv({}));
    expect((await open()).publicUrlMissing).toBe("http://localhost:3000");
    vi.spyOn(envModule, "getEnv").mockReturnValue(envModule.parseEnv({ PUBLIC_URL: "https://floorboard.example.it" }));
    expect((await open()).publicUrlMissing).toBeNull();
  });

  it("is for admins only", async () => {
    const manager = await createUser({ role: "manager" });
    const cookie = await sessionCookie(manager.id);
    const response = await expectThrownResponse(() =>
      displaysLoader({ request: makeRequest("/admin/displays", { cookie }), params: {}, context: {} }),
    );
    expect(response.status).toBe(403);
  });

  it("creates a display from the form, shows its URL once and audits it; rejects a bad form", async () => {
    const admin = await createUser({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    const bad = (await displaysAction({
      request: makeRequest("/admin/displays", {
        cookie,
        form: { intent: "create", name: "X", locale: "fr", rotationSeconds: "2" },
        headers: { origin: "http://localhost:3000" },
      }),
      params: {},
      context: {},
    })) as unknown as { data: { create: { error: Record<string, string[]> } } };
    expect(bad.data.create.error).toMatchObject({
      name: ["displays:errors.nameLength"],
      locale: ["displays:errors.localeInvalid"],
      panels: ["displays:errors.panelsRequired"],
      rotationSeconds: ["displays:errors.rotationRange"],
    });

    const body = new URLSearchParams({
      intent: "create",
      name: "Sala Roma",
      location: "",
      locale: "en",
      rotationSeconds: "15",
      tags: "",
    });
    body.append("panels", "top");
    body.append("panels", "qr");
    const request = new Request("http://localhost:3000/admin/displays", {
      method: "POST",
      headers: { cookie, "x-floorboard-remote-addr": "127.0.0.1", "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    const created = (await displaysAction({ request, params: {}, context: {} })) as { url?: { href: string } };
    expect(created.url?.href).toMatch(/^http:\/\/localhost:3000\/wall\/[A-Za-z0-9_-]{43}$/);
    const [row] = await getDb().select().from(displays);
    expect(row).toMatchObject({ name: "Sala Roma", locale: "en", panels: ["top", "qr"], rotationSeconds: 15 });
    const audits = await getDb().select().from(auditLog).where(eq(auditLog.action, "display.create"));
    expect(audits).toHaveLength(1);
  });
});
