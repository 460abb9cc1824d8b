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

// Every route module under /admin, found on disk, so a new admin page cannot forget its check.
const adminModules = import.meta.glob<{ loader?: Loader; action?: Action }>([
  "/app/routes/admin.tsx",
  "/app/routes/admin.*.tsx",
  "/app/routes/admin.*/route.tsx",
]);

describe("every admin route module", () => {
  it("is found", () => {
    expect(Object.keys(adminModules).length).toBeGreaterThanOrEqual(5);
  });

  for (const [file, load] of Object.entries(adminModules)) {
    it(`${file}: loader and action answer 403 to agents and managers`, async () => {
      const route = await load();
      expect(route.loader ?? route.action, `${file} has neither loader nor action`).toBeDefined();
      for (const role of ["agent", "manager"] as const) {
        const user = await createUser({ role });
        const cookie = await sessionCookie(user.id);
        if (route.loader) {
          const result = await runRoute(() =>
            route.loader!({ request: makeRequest("/admin", { cookie }), params: {}, context: {} }),
          );
          expect(result.status, `${file} loader, ${role}`).toBe(403);
        }
        if (route.action) {
          const request = makeRequest("/admin", { cookie, form: { intent: "create", name: "Nuovo" } });
          const result = await runRoute(() => route.action!({ request, params: {}, context: {} }));
          expect(result.status, `${file} action, ${role}`).toBe(403);
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
