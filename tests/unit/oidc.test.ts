import { describe, expect, it } from "vitest";
import { claimValues, displayName, isEmailVerified, mappedRole, mappedTeamName } from "#app/auth/oidc-people.server";
import { getOidcSettings, isLoopbackUrl } from "#app/auth/oidc.server";
import { EnvError, parseEnv } from "#app/utils/env.server";

const claims = (extra: Record<string, unknown>) => ({
  iss: "https://id.example.it",
  sub: "s",
  aud: "c",
  iat: 0,
  exp: 0,
  ...extra,
});

describe("single sign-on settings", () => {
  const base = {
    OIDC_ISSUER: "https://login.example.it/tenant/v2.0",
    OIDC_CLIENT_ID: "floorboard",
    PUBLIC_URL: "https://floorboard.example.it/",
  };

  it("is off unless OIDC_ISSUER is set, with passwords for everyone", () => {
    const env = parseEnv({});
    expect(getOidcSettings(env)).toBeNull();
    expect(env.PASSWORD_SIGN_IN).toBe("all");
  });

  it("derives the redirect from PUBLIC_URL and reads domains and mappings", () => {
    const env = parseEnv({
      ...base,
      OIDC_ALLOWED_DOMAINS: " Example.it, @example.com ",
      OIDC_ROLE_CLAIM: "groups",
      OIDC_ROLE_MAP: "cc-managers=manager, cc-admins=admin",
      OIDC_TEAM_MAP: "cc-billing=Fatturazione,cc-tech=Assistenza tecnica",
      PASSWORD_SIGN_IN: "admins",
    });
    expect(getOidcSettings(env)).toMatchObject({
      redirectUri: "https://floorboard.example.it/auth/oidc/callback",
      postLogoutRedirectUri: "https://floorboard.example.it/login",
      allowedDomains: ["example.it", "example.com"],
      roleMap: [
        ["cc-managers", "manager"],
        ["cc-admins", "admin"],
      ],
      teamMap: [
        ["cc-billing", "Fatturazione"],
        ["cc-tech", "Assistenza tecnica"],
      ],
      passwordSignIn: "admins",
      timeoutMs: 10_000,
    });
  });

  it("names what is missing or wrong", () => {
    expect(() => parseEnv({ OIDC_ISSUER: base.OIDC_ISSUER })).toThrow(
      /OIDC_CLIENT_ID: must be set[\s\S]*PUBLIC_URL: must be set/,
    );
    expect(() => parseEnv({ PASSWORD_SIGN_IN: "off" })).toThrow(
      /PASSWORD_SIGN_IN: can be admins or off only when OIDC_ISSUER is set/,
    );
    expect(() => parseEnv({ PASSWORD_SIGN_IN: "never" })).toThrow(/PASSWORD_SIGN_IN: must be all, admins or off/);
    expect(() => parseEnv({ ...base, OIDC_ROLE_MAP: "cc-managers=boss" })).toThrow(/OIDC_ROLE_MAP: must be pairs/);
    expect(() => parseEnv({ ...base, OIDC_ROLE_MAP: "cc-managers=manager" })).toThrow(
      /OIDC_ROLE_CLAIM: must name the claim/,
    );
    expect(() => parseEnv({ ...base, OIDC_ALLOWED_DOMAINS: "not a domain" })).toThrow(/OIDC_ALLOWED_DOMAINS/);
    expect(() => parseEnv({ ...base, OIDC_ISSUER: "ftp://id.example.it" })).toThrow(EnvError);
    expect(() => parseEnv({ ...base, OIDC_ISSUER: "http://id.example.it" })).toThrow(/OIDC_ISSUER: must be https/);
    expect(() => parseEnv({ ...base, OIDC_ISSUER: "http://127.0.0.1:9000" })).not.toThrow();
  });

  it("allows plain HTTP only on this machine", () => {
    expect(isLoopbackUrl(new URL("http://localhost:9000"))).toBe(true);
    expect(isLoopbackUrl(new URL("http://127.0.0.1:9000"))).toBe(true);
    expect(isLoopbackUrl(new URL("http://id.example.it"))).toBe(false);
  });
});

describe("claims", () => {
  it("takes a verified email only when the provider says so", () => {
    expect(isEmailVerified(claims({ email_verified: true }))).toBe(true);
    expect(isEmailVerified(claims({ email_verified: "true" }))).toBe(true);
    expect(isEmailVerified(claims({ email_verified: false }))).toBe(false);
    expect(isEmailVerified(claims({}))).toBe(false);
    // Entra ID: the email's domain is verified by the tenant.
    expect(isEmailVerified(claims({ xms_edov: true }))).toBe(true);
  });

  it("reads a claim as a list, by name or by dotted path", () => {
    expect(claimValues(claims({ groups: ["a", "b", 3] }), "groups")).toEqual(["a", "b"]);
    expect(claimValues(claims({ roles: "a b,c" }), "roles")).toEqual(["a", "b", "c"]);
    expect(claimValues(claims({ realm_access: { roles: ["x"] } }), "realm_access.roles")).toEqual(["x"]);
    expect(claimValues(claims({}), "groups")).toEqual([]);
    expect(claimValues(claims({ groups: ["a"] }), undefined)).toEqual([]);
  });

  it("maps to the highest role named, else agent; to the first team named", () => {
    const roleMap: Array<[string, "agent" | "manager" | "admin"]> = [
      ["cc-managers", "manager"],
      ["cc-admins", "admin"],
    ];
    expect(mappedRole(["cc-admins", "cc-managers"], roleMap)).toBe("admin");
    expect(mappedRole(["cc-managers"], roleMap)).toBe("manager");
    expect(mappedRole(["other"], roleMap)).toBe("agent");
    expect(
      mappedTeamName(
        ["b", "a"],
        [
          ["a", "Alfa"],
          ["b", "Beta"],
        ],
      ),
    ).toBe("Alfa");
    expect(mappedTeamName([], [["a", "Alfa"]])).toBeNull();
  });

  it("makes a one-line display name", () => {
    expect(displayName(claims({ name: "  Giulia\n Rossi " }), "g@example.it")).toBe("Giulia Rossi");
    expect(displayName(claims({ given_name: "Marco", family_name: "Bianchi" }), "m@example.it")).toBe("Marco Bianchi");
    expect(displayName(claims({}), "luca.verdi@example.it")).toBe("luca verdi");
    expect(displayName(claims({ name: "x".repeat(200) }), "a@example.it")).toHaveLength(80);
  });
});
