import type { UserRole } from "#db/schema/enums";

export const roles = ["agent", "manager", "admin"] as const satisfies readonly UserRole[];

/**
 * Who may do what. One table for the whole app: loaders and actions check it on the
 * server through `requirePermission`, and the UI reads it to hide what a role cannot use.
 */
export const permissions = {
  "board:view": ["agent", "manager", "admin"],
  "item:create": ["agent", "manager", "admin"],
  "item:vote": ["agent", "manager", "admin"],
  "item:comment": ["agent", "manager", "admin"],
  "item:change-status": ["manager", "admin"],
  "item:merge": ["manager", "admin"],
  "item:triage": ["manager", "admin"],
  "comment:moderate": ["manager", "admin"],
  "clusters:view": ["manager", "admin"],
  "clusters:manage": ["manager", "admin"],
  "dashboard:view": ["manager", "admin"],
  "admin:access": ["admin"],
  "users:manage": ["admin"],
  "teams:manage": ["admin"],
  "invitations:manage": ["admin"],
  "audit:view": ["admin"],
  "displays:manage": ["admin"],
  "api-keys:manage": ["admin"],
  "tickets:import": ["admin"],
  "clustering:configure": ["admin"],
} as const satisfies Record<string, readonly UserRole[]>;

export type Permission = keyof typeof permissions;

export function can(role: UserRole, permission: Permission): boolean {
  return (permissions[permission] as readonly UserRole[]).includes(role);
}

export function isRole(value: unknown): value is UserRole {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}
