import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { getServerT } from "#app/i18n/i18n.server";
import * as apiKeysRoute from "#app/routes/admin.api-keys";
import * as displayRoute from "#app/routes/admin.displays_.$id";
import * as displaysRoute from "#app/routes/admin.displays";
import * as importRoute from "#app/routes/admin.imports.$id/route";
import * as importErrorsRoute from "#app/routes/admin.imports.$id_.errors[.]csv";
import * as importProgressRoute from "#app/routes/admin.imports.$id_.progress";
import * as teamsRoute from "#app/routes/admin.teams";
import * as usersRoute from "#app/routes/admin.users";
import * as clustersRoute from "#app/routes/clusters";
import * as clusterRoute from "#app/routes/clusters_.$number/route";
import * as dashboardCsvRoute from "#app/routes/dashboard[.]csv";
import * as itemRoute from "#app/routes/items.$number/route";
import * as editRoute from "#app/routes/items.$number_.edit";
import * as notificationsRoute from "#app/routes/notifications";
import * as unsubscribeRoute from "#app/routes/unsubscribe.$token";
import * as wallRoute from "#app/routes/wall.$token/route";
import { createImportFromStream } from "#app/services/tickets/imports.server";
import { readErrorPayload } from "#app/utils/errors";
import { getDb } from "#db/client.server";
import { createUser, sessionCookie } from "#tests/factories/index";
import { postItem } from "#tests/factories/items";
import { makeRequest, runRoute, type RouteResult } from "#tests/support/routes";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

const MISSING_ID = "00000000-0000-4000-8000-000000000000";

async function signedIn(role: "admin" | "manager" | "agent" = "agent") {
  const user = await createUser({ role });
  return { user, cookie: await sessionCookie(user.id) };
}

function load(loader: Loader, path: string, cookie: string | undefined, params: Record<string, string> = {}) {
  return runRoute(() => loader({ request: makeRequest(path, { cookie }), params, context: {} }));
}

function post(action: Action, path: string, cookie: string, form: Record<string, string>, params = {}) {
  return runRoute(() => action({ request: makeRequest(path, { cookie, form }), params, context: {} }));
}

/** What the error page says for this result, in a language. */
async function shown(result: RouteResult, locale: "it" | "en"): Promise<string> {
  const payload = readErrorPayload(result.data);
  expect(payload, JSON.stringify(result.data)).not.toBeNull();
  const t = await getServerT(locale);
  return t(payload!.reason, payload!.values);
}

describe("a page for something that does not exist", () => {
  it("says which item is missing, in Italian and in English, with a 404", async () => {
    const { cookie } = await signedIn();
    const result = await load(itemRoute.loader, "/items/424242", cookie, { number: "424242" });
    expect(result).toMatchObject({
      status: 404,
      thrown: true,
      data: { reason: "items:errors.itemMissing", values: { number: 424242 } },
    });
    expect(await shown(result, "it")).toBe("L'elemento #424242 non esiste");
    expect(await shown(result, "en")).toBe("Item #424242 does not exist");

    const malformed = await load(itemRoute.loader, "/items/abc", cookie, { number: "abc" });
    expect(malformed.status).toBe(404);
    expect(await shown(malformed, "en")).toBe("Item #abc does not exist");
  });

  it("says which cluster is missing, on the page and to its forms, with a 404", async () => {
    const { cookie } = await signedIn("manager");
    const result = await load(clusterRoute.loader, "/clusters/424242", cookie, { number: "424242" });
    expect(result).toMatchObject({
      status: 404,
      thrown: true,
      data: { reason: "clusters:errors.clusterMissing", values: { number: 424242 } },
    });
    expect(await shown(result, "it")).toBe("Il cluster #424242 non esiste");
    expect(await shown(result, "en")).toBe("Cluster #424242 does not exist");

    const malformed = await load(clusterRoute.loader, "/clusters/abc", cookie, { number: "abc" });
    expect(malformed).toMatchObject({ status: 404, data: { reason: "clusters:errors.clusterMissing" } });
    expect(await shown(malformed, "en")).toBe("Cluster #abc does not exist");

    const rename = await post(
      clusterRoute.action,
      "/clusters/424242",
      cookie,
      { intent: "rename", name: "x" },
      {
        number: "424242",
      },
    );
    expect(rename).toMatchObject({ status: 404, data: { reason: "clusters:errors.clusterMissing" } });
  });

  it("answers the edit page of a missing item with a 404, and someone else's with a 403 that says why", async () => {
    const { cookie } = await signedIn();
    const missing = await load(editRoute.loader, "/items/424242/edit", cookie, { number: "424242" });
    expect(missing).toMatchObject({ status: 404, data: { reason: "items:errors.itemMissing" } });

    const item = await postItem((await createUser()).id);
    const notMine = await load(editRoute.loader, `/items/${item.number}/edit`, cookie, { number: String(item.number) });
    expect(notMine).toMatchObject({ status: 403, data: { reason: "items:errors.forbidden" } });
    expect(await shown(notMine, "it")).toBe("Non puoi farlo su questo elemento.");
  });

  it("gives voting or following a missing item a 404 naming it", async () => {
    const { cookie } = await signedIn();
    const forms: Array<Record<string, string>> = [
      { intent: "vote", voted: "true" },
      { intent: "follow", following: "true" },
    ];
    for (const form of forms) {
      const result = await post(itemRoute.action, "/items/424242", cookie, form, { number: "424242" });
      expect(result, form.intent).toMatchObject({
        status: 404,
        data: { reason: "items:errors.itemMissing", values: { number: 424242 } },
      });
    }
  });

  it("names the missing wall display, import, chart or unsubscribe link, each with a 404", async () => {
    const { cookie: admin } = await signedIn("admin");
    const cases: Array<[string, Promise<RouteResult>, string]> = [
      [
        "display",
        load(displayRoute.loader, `/admin/displays/${MISSING_ID}`, admin, { id: MISSING_ID }),
        "Questo schermo a parete non esiste",
      ],
      [
        "display id that cannot be one",
        load(displayRoute.loader, "/admin/displays/xyz", admin, { id: "xyz" }),
        "Questo schermo a parete non esiste",
      ],
      [
        "import",
        load(importRoute.loader, `/admin/imports/${MISSING_ID}`, admin, { id: MISSING_ID }),
        "Questa importazione non esiste",
      ],
      [
        "import id that cannot be one",
        load(importRoute.loader, "/admin/imports/xyz", admin, { id: "xyz" }),
        "Questa importazione non esiste",
      ],
      [
        "a form posted to a missing import",
        post(importRoute.action, `/admin/imports/${MISSING_ID}`, admin, { intent: "cancel" }, { id: MISSING_ID }),
        "Questa importazione non esiste",
      ],
      [
        "import progress",
        load(importProgressRoute.loader, `/admin/imports/${MISSING_ID}/progress`, admin, { id: MISSING_ID }),
        "Questa importazione non esiste",
      ],
      [
        "import errors",
        load(importErrorsRoute.loader, `/admin/imports/${MISSING_ID}/errors.csv`, admin, { id: MISSING_ID }),
        "Questa importazione non esiste",
      ],
      [
        "wall",
        load(wallRoute.loader, "/wall/not-a-token", undefined, { token: "not-a-token" }),
        "Questo schermo non esiste",
      ],
      ["chart", load(dashboardCsvRoute.loader, "/dashboard.csv?chart=nope", admin), "Questo grafico non esiste"],
      [
        "unsubscribe link",
        load(unsubscribeRoute.loader, "/unsubscribe/not-a-token", undefined, { token: "not-a-token" }),
        "Questo link per disiscriversi non è valido",
      ],
    ];
    for (const [label, running, text] of cases) {
      const result = await running;
      expect(result.status, label).toBe(404);
      expect(await shown(result, "it"), label).toContain(text);
    }
  });
});

describe("a request no form on the page sends", () => {
  it("is a 400 that says the form was not valid, never a 500 or bare text", async () => {
    const { user, cookie } = await signedIn("admin");
    const item = await postItem(user.id);
    const upload = await createImportFromStream(getDb(), {
      filename: "tickets.csv",
      createdById: user.id,
      data: Readable.from([Buffer.from("Id,Subject\n1,Uno\n", "utf8")]),
    });
    const cases: Array<[string, Promise<RouteResult>]> = [
      [
        "item page, unknown intent",
        post(itemRoute.action, `/items/${item.number}`, cookie, { intent: "bogus" }, { number: String(item.number) }),
      ],
      ["clusters, unknown intent", post(clustersRoute.action, "/clusters", cookie, { intent: "bogus" })],
      ["notifications, no id", post(notificationsRoute.action, "/notifications", cookie, { intent: "read" })],
      ["API keys, unknown intent", post(apiKeysRoute.action, "/admin/api-keys", cookie, { intent: "bogus" })],
      [
        "API keys, forged key id",
        post(apiKeysRoute.action, "/admin/api-keys", cookie, { intent: "revoke", keyId: "x" }),
      ],
      [
        "displays, forged display id",
        post(displaysRoute.action, "/admin/displays", cookie, { intent: "revoke", displayId: "x" }),
      ],
      [
        "import page, unknown intent",
        post(importRoute.action, `/admin/imports/${upload.id}`, cookie, { intent: "bogus" }, { id: upload.id }),
      ],
      ["teams, unknown intent", post(teamsRoute.action, "/admin/teams", cookie, { intent: "bogus" })],
      ["users, unknown intent", post(usersRoute.action, "/admin/users", cookie, { intent: "bogus" })],
    ];
    for (const [label, running] of cases) {
      const result = await running;
      expect(result, label).toMatchObject({ status: 400, thrown: true, data: { reason: "validation:invalidForm" } });
      expect(await shown(result, "en"), label).not.toBe("validation:invalidForm");
    }
  });
});

describe("a form's own error", () => {
  it("comes back in one shape: the form's intent, the message and the row it is about", async () => {
    const { user, cookie } = await signedIn("admin");
    const item = await postItem(user.id);
    const comment = await post(
      itemRoute.action,
      `/items/${item.number}`,
      cookie,
      { intent: "comment-delete", commentId: MISSING_ID },
      { number: String(item.number) },
    );
    expect(comment).toMatchObject({
      status: 400,
      data: { formError: { intent: "comment-delete", target: MISSING_ID } },
    });
    const link = await post(
      itemRoute.action,
      `/items/${item.number}`,
      cookie,
      { intent: "cluster-link" },
      { number: String(item.number) },
    );
    expect(link).toMatchObject({
      status: 400,
      data: { formError: { intent: "cluster-link", message: "clusters:errors.targetRequired", target: null } },
    });
    const deactivate = await post(usersRoute.action, "/admin/users", cookie, { intent: "deactivate", userId: "x" });
    expect(deactivate).toMatchObject({
      status: 400,
      data: { formError: { intent: "deactivate", message: "validation:invalidForm", target: "x" } },
    });
    const revoke = await post(displaysRoute.action, "/admin/displays", cookie, {
      intent: "regenerate",
      displayId: MISSING_ID,
    });
    expect(revoke).toMatchObject({
      status: 404,
      data: { formError: { intent: "regenerate", message: "displays:errors.actionFailed", target: MISSING_ID } },
    });
  });
});
