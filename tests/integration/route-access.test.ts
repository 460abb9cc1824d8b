import path from "node:path";
import { fileURLToPath } from "node:url";
import { UNSAFE_flatRoutes as flatRoutes } from "@remix-run/dev";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { action as accountAction, loader as accountLoader } from "#app/routes/account";
import { loader as adminIndexLoader } from "#app/routes/admin._index";
import { loader as adminAuditLoader } from "#app/routes/admin.audit";
import { action as adminTeamsAction, loader as adminTeamsLoader } from "#app/routes/admin.teams";
import { loader as adminLayoutLoader } from "#app/routes/admin";
import { action as adminUsersAction, loader as adminUsersLoader } from "#app/routes/admin.users";
import { loader as boardLoader } from "#app/routes/board";
import { loader as clustersLoader } from "#app/routes/clusters";
import { loader as dashboardLoader } from "#app/routes/dashboard/route";
import { loader as indexLoader } from "#app/routes/_index";
import { listAudit } from "#app/services/audit.server";
import { getDb } from "#db/client.server";
import type { UserRole } from "#db/schema/index";
import { createTeam, createUser, sessionCookie } from "#tests/factories/index";
import { makeRequest, runRoute } from "#tests/support/routes";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

const loaders: Array<{ path: string; loader: Loader; roles: UserRole[] }> = [
  { path: "/admin", loader: adminLayoutLoader, roles: ["admin"] },
  { path: "/admin/users", loader: adminUsersLoader, roles: ["admin"] },
  { path: "/admin/teams", loader: adminTeamsLoader, roles: ["admin"] },
  { path: "/admin/audit", loader: adminAuditLoader, roles: ["admin"] },
  { path: "/dashboard", loader: dashboardLoader, roles: ["manager", "admin"] },
  { path: "/board", loader: boardLoader, roles: ["agent", "manager", "admin"] },
  { path: "/clusters", loader: clustersLoader, roles: ["manager", "admin"] },
  { path: "/account", loader: accountLoader, roles: ["agent", "manager", "admin"] },
];

// Every form an admin page posts, each valid enough to reach the service if allowed.
const adminActions: Array<{
  path: string;
  action: Action;
  form: (ids: { userId: string; teamId: string }) => Record<string, string>;
}> = [
  {
    path: "/admin/users",
    action: adminUsersAction,
    form: () => ({ intent: "invite", email: "new@example.it", role: "agent" }),
  },
  {
    path: "/admin/users",
    action: adminUsersAction,
    form: ({ userId }) => ({ intent: "update", userId, role: "admin" }),
  },
  { path: "/admin/users", action: adminUsersAction, form: ({ userId }) => ({ intent: "deactivate", userId }) },
  { path: "/admin/users", action: adminUsersAction, form: ({ userId }) => ({ intent: "reactivate", userId }) },
  {
    path: "/admin/users",
    action: adminUsersAction,
    form: () => ({ intent: "revoke-invitation", invitationId: "00000000-0000-4000-8000-000000000000" }),
  },
  { path: "/admin/teams", action: adminTeamsAction, form: () => ({ intent: "create", name: "Nuovo team" }) },
  {
    path: "/admin/teams",
    action: adminTeamsAction,
    form: ({ teamId }) => ({ intent: "rename", teamId, name: "Rinominato" }),
  },
  { path: "/admin/teams", action: adminTeamsAction, form: ({ teamId }) => ({ intent: "archive", teamId }) },
  { path: "/admin/teams", action: adminTeamsAction, form: ({ teamId }) => ({ intent: "restore", teamId }) },
];

const allRoles: UserRole[] = ["agent", "manager", "admin"];

describe("who may open which page", () => {
  for (const { path, loader, roles } of loaders) {
    it(`${path} sends anonymous visitors to sign in and back`, async () => {
      const result = await runRoute(() => loader({ request: makeRequest(path), params: {}, context: {} }));
      expect(result.status).toBe(302);
      expect(result.location).toBe(`/login?${new URLSearchParams({ redirectTo: path })}`);
    });

    for (const role of allRoles) {
      const allowed = roles.includes(role);
      it(`${path} ${allowed ? "opens" : "answers 403"} for ${role}`, async () => {
        const user = await createUser({ role });
        const cookie = await sessionCookie(user.id);
        const result = await runRoute(() =>
          loader({ request: makeRequest(path, { cookie }), params: {}, context: {} }),
        );
        if (allowed) {
          expect(result.status).toBe(200);
          expect(result.thrown).toBe(false);
        } else {
          expect(result.status).toBe(403);
          expect(result.thrown).toBe(true);
        }
      });
    }
  }

  it("/admin sends admins on to the people page and refuses others with 403", async () => {
    for (const role of allRoles) {
      const user = await createUser({ role });
      const cookie = await sessionCookie(user.id);
      const result = await runRoute(() =>
        adminIndexLoader({ request: makeRequest("/admin", { cookie }), params: {}, context: {} }),
      );
      if (role === "admin") {
        expect(result.status).toBe(302);
        expect(result.location).toBe("/admin/users");
      } else {
        expect(result.status).toBe(403);
      }
    }
  });
});

describe("admin actions refuse everyone but admins", () => {
  for (const { path, action, form } of adminActions) {
    for (const role of ["agent", "manager"] as const) {
      const intent = form({ userId: "u", teamId: "t" }).intent;
      it(`${path} intent=${intent} answers 403 to ${role} and changes nothing`, async () => {
        const team = await createTeam("Fatturazione");
        const target = await createUser({ role: "agent", teamId: team.id });
        const user = await createUser({ role });
        const cookie = await sessionCookie(user.id);
        const request = makeRequest(path, { cookie, form: form({ userId: target.id, teamId: team.id }) });
        const result = await runRoute(() => action({ request, params: {}, context: {} }));
        expect(result.status).toBe(403);
        // Not the page's own error: nothing was written.
        expect((await listAudit(getDb())).entries).toEqual([]);
      });
    }

    it(`${path} intent=${form({ userId: "u", teamId: "t" }).intent} sends anonymous visitors to sign in`, async () => {
      const result = await runRoute(() =>
        action({ request: makeRequest(path, { form: form({ userId: "u", teamId: "t" }) }), params: {}, context: {} }),
      );
      expect(result.status).toBe(302);
      expect(result.location).toMatch(/^\/login\?redirectTo=/);
    });
  }

  it("account action sends anonymous visitors to sign in", async () => {
    const result = await runRoute(() =>
      accountAction({
        request: makeRequest("/account", { form: { intent: "profile", name: "X Y", locale: "it" } }),
        params: {},
        context: {},
      }),
    );
    expect(result.location).toMatch(/^\/login\?redirectTo=%2Faccount/);
  });
});

// Every route under /admin, found on disk the way Remix finds it (pages, resource routes such
// as a CSV download, `admin.x.tsx` files and `admin.x/route.tsx` folders alike), so a new admin
// route cannot forget its check.
const adminRoutes = routesUnder("admin");

/** The routes whose URL starts with /<segment>, with that URL (params as `:name`) and their module's path. */
function routesUnder(segment: string): Array<{ path: string; file: string }> {
  const appDirectory = fileURLToPath(new URL("../../app", import.meta.url));
  const manifest = flatRoutes(appDirectory);
  const urlOf = (id: string): string => {
    const route = manifest[id];
    if (!route) return "";
    const parent = route.parentId ? urlOf(route.parentId) : "";
    return route.path ? `${parent}/${route.path}` : parent;
  };
  return Object.values(manifest)
    .map((route) => ({ path: urlOf(route.id) || "/", file: path.join(appDirectory, route.file) }))
    .filter((route) => route.path === `/${segment}` || route.path.startsWith(`/${segment}/`))
    .sort((a, b) => a.path.localeCompare(b.path) || a.file.localeCompare(b.file));
}

/** A URL's `:name` params filled with an id no row has, as the router would pass them. */
function fillParams(pattern: string): { url: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const url = pattern.replace(/:(\w+)/g, (_match, name: string) => {
    params[name] = "00000000-0000-4000-8000-000000000000";
    return params[name];
  });
  return { url, params };
}

describe("every admin route", () => {
  it("is found, resource routes and folders included", () => {
    const paths = adminRoutes.map((route) => route.path);
    expect(paths).toEqual(expect.arrayContaining(["/admin", "/admin/users", "/admin/imports/:id/progress"]));
    expect(paths).toContain("/admin/imports/:id/errors.csv");
    expect(adminRoutes.length).toBeGreaterThanOrEqual(10);
  });

  for (const route of adminRoutes) {
    const name = `${route.path} (${path.basename(path.dirname(route.file))}/${path.basename(route.file)})`;
    it(`${name}: loader and action send anonymous visitors to sign in and answer 403 to agents and managers`, async () => {
      const module = (await import(/* @vite-ignore */ route.file)) as { loader?: Loader; action?: Action };
      expect(module.loader ?? module.action, `${route.file} has neither loader nor action`).toBeDefined();
      const { url, params } = fillParams(route.path);
      const form = { intent: "create", name: "Nuovo" };
      const anonymous = [
        module.loader && (await runRoute(() => module.loader!({ request: makeRequest(url), params, context: {} }))),
        module.action &&
          (await runRoute(() => module.action!({ request: makeRequest(url, { form }), params, context: {} }))),
      ];
      for (const result of anonymous.filter((value) => value !== undefined)) {
        expect(result.status, `${name}, anonymous`).toBe(302);
        expect(result.location, `${name}, anonymous`).toMatch(/^\/login\?redirectTo=/);
      }
      for (const role of ["agent", "manager"] as const) {
        const cookie = await sessionCookie((await createUser({ role })).id);
        if (module.loader) {
          const result = await runRoute(() =>
            module.loader!({ request: makeRequest(url, { cookie }), params, context: {} }),
          );
          expect(result.status, `${name} loader, ${role}`).toBe(403);
        }
        if (module.action) {
          const request = makeRequest(url, { cookie, form });
          const result = await runRoute(() => module.action!({ request, params, context: {} }));
          expect(result.status, `${name} action, ${role}`).toBe(403);
        }
      }
      expect((await listAudit(getDb())).entries).toEqual([]);
    });
  }
});

describe("/ (index)", () => {
  it("goes to setup while there is no admin", async () => {
    const result = await runRoute(() => indexLoader({ request: makeRequest("/"), params: {}, context: {} }));
    expect(result.location).toBe("/setup");
  });

  it("goes to sign in for anonymous visitors, and to the board for people signed in", async () => {
    const admin = await createUser({ role: "admin" });
    const anonymous = await runRoute(() => indexLoader({ request: makeRequest("/"), params: {}, context: {} }));
    expect(anonymous.location).toBe("/login");
    const cookie = await sessionCookie(admin.id);
    const signedIn = await runRoute(() =>
      indexLoader({ request: makeRequest("/", { cookie }), params: {}, context: {} }),
    );
    expect(signedIn.location).toBe("/board");
  });
});
