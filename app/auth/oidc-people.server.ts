import { randomBytes } from "node:crypto";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { Database, Queryable } from "#db/client.server";
import { isDataError } from "#db/errors.server";
import { oidcIdentities, teams, users, type UserLocale, type UserRole } from "#db/schema/index";
import { writeAudit } from "#app/services/audit.server";
import { accessEvent, recordEvent } from "#app/services/events.server";
import { getLogger } from "#app/utils/logger.server";
import { findUserByEmail, getUser, insertUser, normaliseEmail } from "#app/services/users.server";
import { hashPassword } from "./password.server";
import type { OidcClaims, OidcSettings } from "./oidc.server";

/*
 * Who a provider's ID token lets in, in one transaction (nothing half-written):
 * 1. the person already linked to this provider account (issuer + subject);
 * 2. else the person with the same email, once the provider says it verified it: linked now;
 * 3. else a new person, when the email's domain is allowed (OIDC_ALLOWED_DOMAINS).
 * A deactivated person stays out whatever the provider says. With OIDC_ROLE_MAP set, the
 * role follows the provider's claim at every sign-in, and each change is audited.
 */

export type PolicySettings = Pick<OidcSettings, "allowedDomains" | "roleClaim" | "roleMap" | "teamMap">;

export type ProviderSignInRefusal =
  "emailMissing" | "emailUnverified" | "domainRefused" | "deactivated" | "linkedElsewhere";

export type ProviderSignInResult =
  | { ok: true; userId: string; created: boolean; linked: boolean; roleChanged: boolean }
  | { ok: false; reason: ProviderSignInRefusal; email: string | null };

const rank: Record<UserRole, number> = { agent: 0, manager: 1, admin: 2 };

/** The email the provider vouches for: `email_verified`, or Entra ID's verified-domain claim. */
export function isEmailVerified(claims: OidcClaims): boolean {
  return (
    claims.email_verified === true ||
    claims.email_verified === "true" ||
    claims.xms_edov === true ||
    claims.xms_edov === "1"
  );
}

/** A claim by name, or by a dotted path for nested claims such as Keycloak's realm_access.roles. */
export function claimValues(claims: OidcClaims, path: string | undefined): string[] {
  if (!path) return [];
  let value: unknown = claims[path];
  if (value === undefined && path.includes(".")) {
    value = path
      .split(".")
      .reduce<unknown>(
        (node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined),
        claims,
      );
  }
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
}

/** The highest role any of the person's claim values maps to; agent when none does. */
export function mappedRole(values: string[], roleMap: PolicySettings["roleMap"]): UserRole {
  let role: UserRole = "agent";
  for (const [value, mapped] of roleMap) if (values.includes(value) && rank[mapped] > rank[role]) role = mapped;
  return role;
}

/** The first team (in mapping order) any claim value maps to, by name. */
export function mappedTeamName(values: string[], teamMap: PolicySettings["teamMap"]): string | null {
  return teamMap.find(([value]) => values.includes(value))?.[1] ?? null;
}

/** A one-line display name of 2 to 80 characters from the ID token, else from the email. */
export function displayName(claims: OidcClaims, email: string): string {
  const clean = (value: unknown) =>
    typeof value === "string"
      ? [...value.normalize("NFC")]
          .filter((char) => char >= " " && char !== "\u007f")
          .join("")
          .replace(/\s+/g, " ")
          .trim()
          .slice(0, 80)
          .trim()
      : "";
  const given = [claims.given_name, claims.family_name].map(clean).filter(Boolean).join(" ");
  for (const candidate of [clean(claims.name), clean(given), clean(email.split("@")[0]?.replace(/[._-]+/g, " "))]) {
    if (candidate.length >= 2) return candidate;
  }
  return email.slice(0, 80);
}

function localeOf(claims: OidcClaims): UserLocale | null {
  const locale = typeof claims.locale === "string" ? claims.locale.slice(0, 2).toLowerCase() : "";
  return locale === "it" || locale === "en" ? locale : null;
}

let unusableHash: Promise<string> | undefined;

/**
 * The password hash of people who come in through the provider: of a random secret nobody
 * ever sees, so a password never signs them in, and trying one costs the same as for anyone.
 */
function noPasswordHash(): Promise<string> {
  unusableHash ??= hashPassword(randomBytes(32).toString("base64url"));
  return unusableHash;
}

export async function signInWithProvider(
  db: Database,
  claims: OidcClaims,
  policy: PolicySettings,
  context: { ip?: string | null; now?: Date } = {},
): Promise<ProviderSignInResult> {
  const passwordHash = await noPasswordHash();
  try {
    return await provision(db, claims, policy, passwordHash, context);
  } catch (error) {
    // Two first sign-ins of one person at once: the loser's insert meets the winner's row.
    // Run again: it now finds the person, as any later sign-in would.
    if (!isDataError(error)) throw error;
    return provision(db, claims, policy, passwordHash, context);
  }
}

function provision(
  db: Database,
  claims: OidcClaims,
  policy: PolicySettings,
  passwordHash: string,
  context: { ip?: string | null; now?: Date },
): Promise<ProviderSignInResult> {
  const now = context.now ?? new Date();
  const issuer = claims.iss;
  const subject = claims.sub;
  const email = typeof claims.email === "string" && claims.email.includes("@") ? normaliseEmail(claims.email) : null;
  const groups = claimValues(claims, policy.roleClaim);

  return db.transaction(async (tx): Promise<ProviderSignInResult> => {
    const [identity] = await tx
      .select({ userId: oidcIdentities.userId })
      .from(oidcIdentities)
      .where(and(eq(oidcIdentities.issuer, issuer), eq(oidcIdentities.subject, subject)))
      .limit(1);
    let user = identity ? await getUser(tx, identity.userId) : undefined;
    let created = false;
    let linked = false;

    if (!user) {
      if (!email) return { ok: false, reason: "emailMissing", email };
      if (!isEmailVerified(claims)) return { ok: false, reason: "emailUnverified", email };
      user = await findUserByEmail(tx, email);
      if (user) {
        if (user.deactivatedAt) return { ok: false, reason: "deactivated", email };
        // Another account at this provider already speaks for this person: never take it over.
        const [other] = await tx
          .select({ subject: oidcIdentities.subject })
          .from(oidcIdentities)
          .where(
            and(
              eq(oidcIdentities.userId, user.id),
              eq(oidcIdentities.issuer, issuer),
              ne(oidcIdentities.subject, subject),
            ),
          )
          .limit(1);
        if (other) return { ok: false, reason: "linkedElsewhere", email };
        linked = true;
      } else {
        const domain = email.split("@").at(-1) ?? "";
        if (!policy.allowedDomains.includes(domain)) return { ok: false, reason: "domainRefused", email };
        const role = policy.roleMap.length > 0 ? mappedRole(groups, policy.roleMap) : "agent";
        const teamId = await mappedTeamId(tx, groups, policy);
        user = await insertUser(tx, {
          email,
          name: displayName(claims, email),
          passwordHash,
          role,
          teamId,
          locale: localeOf(claims),
        });
        created = true;
        await writeAudit(tx, {
          actorId: user.id,
          ip: context.ip,
          action: "user.sso_create",
          targetType: "user",
          targetId: user.id,
          details: { email, issuer, role, teamId },
        });
      }
      await tx
        .insert(oidcIdentities)
        .values({ issuer, subject, userId: user.id, email, createdAt: now, lastSignInAt: now });
      if (linked) {
        await writeAudit(tx, {
          actorId: user.id,
          ip: context.ip,
          action: "user.sso_link",
          targetType: "user",
          targetId: user.id,
          details: { email: user.email, issuer },
        });
      }
    } else {
      await tx
        .update(oidcIdentities)
        .set({ lastSignInAt: now })
        .where(and(eq(oidcIdentities.issuer, issuer), eq(oidcIdentities.subject, subject)));
    }

    if (user.deactivatedAt) return { ok: false, reason: "deactivated", email: user.email };
    const roleChanged = created ? false : await applyMapping(tx, user, groups, policy, { ip: context.ip, issuer, now });
    return { ok: true, userId: user.id, created, linked, roleChanged };
  });
}

async function mappedTeamId(tx: Queryable, groups: string[], policy: PolicySettings): Promise<string | null> {
  const name = mappedTeamName(groups, policy.teamMap);
  if (!name) return null;
  const [team] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(sql`lower(${teams.name}) = ${name.toLowerCase()}`, isNull(teams.archivedAt)))
    .limit(1);
  return team?.id ?? null;
}

/**
 * The role (and team) the provider's claim gives, applied to an existing person and audited
 * when it changes. Roles follow the claim both ways; a team changes only when the claim names
 * one. The last active admin is never demoted by a claim: that would lock everyone out.
 */
async function applyMapping(
  tx: Queryable,
  user: { id: string; email: string; role: UserRole; teamId: string | null },
  groups: string[],
  policy: PolicySettings,
  context: { ip?: string | null; issuer: string; now: Date },
): Promise<boolean> {
  let role = policy.roleMap.length > 0 ? mappedRole(groups, policy.roleMap) : user.role;
  const teamId = (await mappedTeamId(tx, groups, policy)) ?? user.teamId;
  if (role === user.role && teamId === user.teamId) return false;
  if (user.role === "admin" && role !== "admin") {
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, "admin"), isNull(users.deactivatedAt)))
      .for("update");
    if (admins.length <= 1) {
      getLogger().warn("single sign-on: the provider no longer names the last active admin as admin; kept admin", {
        email: user.email,
      });
      role = "admin";
    }
  }
  if (role === user.role && teamId === user.teamId) return false;
  await tx.update(users).set({ role, teamId, updatedAt: context.now }).where(eq(users.id, user.id));
  await writeAudit(tx, {
    actorId: null,
    ip: context.ip,
    action: "user.sso_update",
    targetType: "user",
    targetId: user.id,
    details: {
      email: user.email,
      issuer: context.issuer,
      from: { role: user.role, teamId: user.teamId },
      to: { role, teamId },
    },
  });
  // Open streams re-check what they may receive; last, as it takes the events' ordering lock.
  if (role !== user.role) await recordEvent(tx, accessEvent("user.role_changed", user.id));
  return role !== user.role;
}
