import { describe, expect, it } from "vitest";
import { can, isRole, permissions, roles, type Permission } from "#app/services/permissions";
import { userRole, type UserRole } from "#db/schema/enums";

// The expected table, written out by hand: a change to the module must be made here too.
const A = true;
const _ = false;
const expected: Record<string, { agent: boolean; manager: boolean; admin: boolean }> = {
  "board:view": { agent: A, manager: A, admin: A },
  "item:create": { agent: A, manager: A, admin: A },
  "item:vote": { agent: A, manager: A, admin: A },
  "item:comment": { agent: A, manager: A, admin: A },
  "item:change-status": { agent: _, manager: A, admin: A },
  "item:merge": { agent: _, manager: A, admin: A },
  "item:triage": { agent: _, manager: A, admin: A },
  "comment:moderate": { agent: _, manager: A, admin: A },
  "clusters:view": { agent: _, manager: A, admin: A },
  "clusters:manage": { agent: _, manager: A, admin: A },
  "dashboard:view": { agent: _, manager: A, admin: A },
  "admin:access": { agent: _, manager: _, admin: A },
  "users:manage": { agent: _, manager: _, admin: A },
  "teams:manage": { agent: _, manager: _, admin: A },
  "invitations:manage": { agent: _, manager: _, admin: A },
  "audit:view": { agent: _, manager: _, admin: A },
  "displays:manage": { agent: _, manager: _, admin: A },
  "api-keys:manage": { agent: _, manager: _, admin: A },
  "tickets:import": { agent: _, manager: _, admin: A },
  "clustering:configure": { agent: _, manager: _, admin: A },
};

const allRoles: UserRole[] = ["agent", "manager", "admin"];

describe("permissions table", () => {
  it("lists exactly the permissions of the expected table", () => {
    expect(Object.keys(permissions).sort()).toEqual(Object.keys(expected).sort());
  });

  it("knows the three roles of the database enum, in rank order", () => {
    expect([...roles]).toEqual(allRoles);
    expect([...userRole.enumValues]).toEqual(allRoles);
  });

  for (const permission of Object.keys(expected)) {
    for (const role of allRoles) {
      const allowed = expected[permission]![role];
      it(`${allowed ? "allows" : "denies"} ${permission} for ${role}`, () => {
        expect(can(role, permission as Permission)).toBe(allowed);
      });
    }
  }

  it("never grants a lower role something a higher role lacks", () => {
    for (const permission of Object.keys(permissions) as Permission[]) {
      if (can("agent", permission)) expect(can("manager", permission)).toBe(true);
      if (can("manager", permission)) expect(can("admin", permission)).toBe(true);
    }
  });
});

describe("isRole", () => {
  it("accepts the three roles", () => {
    for (const role of allRoles) expect(isRole(role)).toBe(true);
  });

  it("rejects anything else", () => {
    for (const value of ["Admin", "owner", "", " agent", null, undefined, 1, {}, ["admin"]]) {
      expect(isRole(value)).toBe(false);
    }
  });
});
