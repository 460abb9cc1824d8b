import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import * as apiItemsRoute from "#app/routes/api.v1.items";
import * as ticketsRoute from "#app/routes/api.v1.tickets";
import * as usersRoute from "#app/routes/admin.users";
import * as boardRoute from "#app/routes/board";
import * as boardCsvRoute from "#app/routes/board[.]csv";
import * as itemRoute from "#app/routes/items.$number/route";
import * as newItemRoute from "#app/routes/items.new";
import * as logoutRoute from "#app/routes/logout";
import { createKey } from "#tests/factories/api";
import { createTeam, createUser, sessionCookie } from "#tests/factories/index";
import { postItem } from "#tests/factories/items";
import { fieldErrors, makeRequest, runRoute } from "#tests/support/routes";
import { apiErrorOf, callApi } from "#tests/support/api";

/*
 * Every page route with an action is posted garbage as an admin: no body, a JSON body, each
 * intent the route knows with its fields missing, malformed, out of range, unknown or holding
 * NUL. None may answer 500: a bad form is the client's mistake, told with a 400.
 */

type RouteModule = {
  action?: (args: ActionFunctionArgs) => Promise<unknown>;
  loader?: (args: LoaderFunctionArgs) => Promise<unknown>;
};

const routesDir = path.resolve("app/routes");
const pageRoutes = readdirSync(routesDir, { withFileTypes: true })
  .map((entry) => (entry.isDirectory() ? `${entry.name}/route.tsx` : entry.name))
  .filter((file) => !file.startsWith("api.") && /\.tsx?$/.test(file))
  .filter((file) => /export (async function|const) action\b/.test(readFileSync(path.join(routesDir, file), "utf8")));

/** The intents a route's source names, and the form fields it reads. */
function formVocabulary(file: string): { intents: string[]; fields: string[] } {
  const dir = path.dirname(path.join(routesDir, file));
  const sources = [readFileSync(path.join(routesDir, file), "utf8")];
  // The item page keeps its actions beside it.
  if (file.endsWith("/route.tsx"))
    for (const name of readdirSync(dir))
      if (name.endsWith(".server.ts")) sources.push(readFileSync(path.join(dir, name), "utf8"));
  const text = sources.join("\n");
  const intents = new Set<string>();
  for (const match of text.matchAll(/(?:intent\s*[!=]==\s*|case\s+|z\.literal\(|intent:\s*)"([a-z][\w-]*)"/g))
    intents.add(match[1]!);
  const fields = new Set([
    "intent",
    "scope",
    "voted",
    "following",
    "commentId",
    "teamId",
    "userId",
    "invitationId",
    "id",
    "name",
    "title",
    "status",
    "duplicateOf",
    "targetDate",
    "ownerId",
    "version",
    "locale",
    "q",
  ]);
  for (const match of text.matchAll(/formData\.get\("([\w.-]+)"\)/g)) fields.add(match[1]!);
  return { intents: [...intents], fields: [...fields] };
}

const garbageValues = [
  "",
  "xyz",
  "99999999999",
  "2147483648",
  "2026-02-31",
  "0000-01-01",
  "bogus\u0000",
  "00000000-0000-4000-8000-000000000000",
  "-1",
];

describe("garbage posted to every form action", () => {
  it("finds the form routes", () => {
    expect(pageRoutes.length).toBeGreaterThan(15);
  });

  for (const file of pageRoutes) {
    it(`${file} answers bad forms without a server error`, async () => {
      const module = (await import(/* @vite-ignore */ path.join(routesDir, file))) as RouteModule;
      const team = await createTeam();
      const admin = await createUser({ role: "admin", teamId: team.id });
      const cookie = await sessionCookie(admin.id);
      const item = await postItem(admin.id);
      const params = { number: String(item.number), id: "00000000-0000-4000-8000-000000000000", token: "not-a-token" };
      const { intents, fields } = formVocabulary(file);
      const url = `/${file.replace(/\.tsx?$/, "").replace("/route", "")}`;

      const bodies: Array<{ label: string; init: RequestInit }> = [
        { label: "no body", init: { method: "POST" } },
        {
          label: "JSON",
          init: {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ intent: intents[0] ?? "x" }),
          },
        },
      ];
      for (const intent of [...intents, "bogus"]) {
        bodies.push({
          label: `${intent}, nothing else`,
          init: { method: "POST", body: new URLSearchParams({ intent }) },
        });
        for (const value of garbageValues) {
          const form = new URLSearchParams();
          for (const field of fields) form.set(field, field === "intent" ? intent : value);
          bodies.push({
            label: `${intent}, every field ${JSON.stringify(value)}`,
            init: { method: "POST", body: form },
          });
        }
      }

      const failures: string[] = [];
      for (const { label, init } of bodies) {
        const request = makeRequest(url, { cookie });
        const posted = new Request(request.url, {
          ...init,
          headers: { ...Object.fromEntries(request.headers), ...(init.headers as Record<string, string> | undefined) },
        });
        try {
          const result = await runRoute(() => module.action!({ request: posted, params, context: {} }));
          if (result.status >= 500) failures.push(`${label}: ${result.status}`);
        } catch (error) {
          failures.push(`${label}: threw ${error instanceof Error ? error.message.slice(0, 120) : String(error)}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

describe("bad values the issue found, one by one", () => {
  async function signedIn(role: "admin" | "manager" | "agent" = "admin") {
    const user = await createUser({ role });
    return { user, cookie: await sessionCookie(user.id) };
  }

  it("NUL in a search, a tag or an admin's user search is a 400, and the board CSV sends nothing first", async () => {
    const { cookie } = await signedIn();
    for (const [module, url] of [
      [boardRoute, "/board?q=a%00b"],
      [boardRoute, "/board?tag=a%00"],
      [usersRoute, "/admin/users?q=%00"],
      [boardCsvRoute, "/board.csv?q=%00"],
    ] as const) {
      const result = await runRoute(() =>
        module.loader({ request: makeRequest(url, { cookie }), params: {}, context: {} }),
      );
      expect(result, url).toMatchObject({ status: 400, data: { reason: "validation:nulCharacter" } });
    }
  });

  it("NUL in a title or a comment is a 400 with a message", async () => {
    const { user, cookie } = await signedIn();
    const item = await postItem(user.id);
    const posted = await runRoute(() =>
      newItemRoute.action({
        request: makeRequest("/items/new", {
          cookie,
          form: { kind: "idea", area: "process", title: "Titolo\u0000 lungo" },
        }),
        params: {},
        context: {},
      }),
    );
    expect(posted).toMatchObject({ status: 400, data: { reason: "validation:nulCharacter" } });
    const comment = await runRoute(() =>
      itemRoute.action({
        request: makeRequest(`/items/${item.number}`, { cookie, form: { intent: "comment", body: "ciao\u0000" } }),
        params: { number: String(item.number) },
        context: {},
      }),
    );
    expect(comment.status).toBe(400);
  });

  it("an unknown team is the form's own field error", async () => {
    const { cookie } = await signedIn();
    const result = await runRoute(() =>
      newItemRoute.action({
        request: makeRequest("/items/new", {
          cookie,
          form: {
            kind: "idea",
            area: "process",
            title: "Un titolo abbastanza lungo",
            teamId: "00000000-0000-4000-8000-000000000000",
          },
        }),
        params: {},
        context: {},
      }),
    );
    expect(result.status).toBe(400);
    expect(fieldErrors(result.data)).toMatchObject({ teamId: ["validation:teamInvalid"] });
  });

  it("a vote, a follow or a comment id that cannot be read, a bogus sign-out scope, JSON or no body: 400", async () => {
    const { user, cookie } = await signedIn();
    const item = await postItem(user.id);
    const itemArgs = (form: Record<string, string>) => ({
      request: makeRequest(`/items/${item.number}`, { cookie, form }),
      params: { number: String(item.number) },
      context: {},
    });
    expect(await runRoute(() => itemRoute.action(itemArgs({ intent: "vote" })))).toMatchObject({
      status: 400,
      data: { formError: { intent: "vote", message: "validation:invalidForm" } },
    });
    expect(await runRoute(() => itemRoute.action(itemArgs({ intent: "follow" })))).toMatchObject({
      status: 400,
      data: { formError: { intent: "follow", message: "validation:invalidForm" } },
    });
    expect(
      await runRoute(() => itemRoute.action(itemArgs({ intent: "comment-delete", commentId: "xyz" }))),
    ).toMatchObject({
      status: 400,
      data: { formError: { intent: "comment-delete", message: "validation:invalidForm" } },
    });
    const logout = await runRoute(() =>
      logoutRoute.action({
        request: makeRequest("/logout", { cookie, form: { scope: "bogus" } }),
        params: {},
        context: {},
      }),
    );
    expect(logout.status).toBe(400);
    const json = new Request("http://localhost:3000/items/new", {
      method: "POST",
      headers: { cookie, "content-type": "application/json", "x-floorboard-remote-addr": "127.0.0.1" },
      body: JSON.stringify({ title: "x" }),
    });
    const asJson = await runRoute(() => newItemRoute.action({ request: json, params: {}, context: {} }));
    expect(asJson.status).toBe(400);
    expect(Object.keys(fieldErrors(asJson.data))).toContain("title");
  });

  it("out-of-range numbers and impossible dates: 400, or the first page for a damaged cursor", async () => {
    const { user, cookie } = await signedIn();
    const item = await postItem(user.id);
    const cursor = Buffer.from(JSON.stringify([2147483648, 1])).toString("base64url");
    const board = await runRoute(() =>
      boardRoute.loader({ request: makeRequest(`/board?cursor=${cursor}`, { cookie }), params: {}, context: {} }),
    );
    expect(board.status).toBe(200);
    const forms: Array<Record<string, string>> = [
      { intent: "status", status: "duplicate", duplicateOf: "99999999999" },
      { intent: "status", status: "planned", ownerId: user.id, targetDate: "2026-02-31" },
      { intent: "status", status: "planned", ownerId: user.id, targetDate: "0000-01-01" },
    ];
    for (const form of forms) {
      const result = await runRoute(() =>
        itemRoute.action({
          request: makeRequest(`/items/${item.number}`, { cookie, form }),
          params: { number: String(item.number) },
          context: {},
        }),
      );
      expect(result.status, JSON.stringify(form)).toBe(400);
    }
  });

  it("POST /api/v1/tickets reports a ticket holding NUL and stores the others", async () => {
    const admin = await createUser({ role: "admin" });
    const { key } = await createKey(admin, ["tickets:write"]);
    const ticket = (n: number, subject: string) => ({
      externalId: `N-${n}`,
      subject,
      openedAt: "2024-03-05T09:00:00+01:00",
    });
    const result = await callApi(ticketsRoute, "/api/v1/tickets", {
      apiKey: key,
      json: {
        tickets: [
          ticket(1, "buono"),
          ticket(2, "rotto\u0000"),
          ticket(3, "buono"),
          { ...ticket(4, "anno"), openedAt: "0000-01-01T00:00:00Z" },
        ],
      },
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      accepted: 2,
      inserted: 2,
      errors: [
        { index: 1, externalId: "N-2" },
        { index: 3, externalId: "N-4" },
      ],
    });
  });

  it("the JSON API answers NUL in a body or a query with a 400 in its own shape", async () => {
    const agent = await createUser({ role: "agent" });
    const { key } = await createKey(agent, ["items:read", "items:write"]);
    const search = await callApi(apiItemsRoute, "/api/v1/items?q=%00", { apiKey: key });
    expect(search.status).toBe(400);
    expect(apiErrorOf(search).code).toBe("validation_failed");
    const posted = await callApi(apiItemsRoute, "/api/v1/items", {
      apiKey: key,
      json: { kind: "idea", area: "process", title: "Titolo\u0000 lungo" },
    });
    expect(posted.status).toBe(400);
  });
});
