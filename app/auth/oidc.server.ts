import { createCookie } from "@remix-run/node";
import * as client from "openid-client";
import { z } from "zod";
import { getEnv, type Env } from "#app/utils/env.server";
import { isSecureRequest } from "#app/utils/http.server";

/*
 * OpenID Connect sign-in with openid-client (see docs/decisions/0014-single-sign-on-openid-client.md):
 * the authorization code flow with PKCE, state and nonce; the ID token's signature (through the
 * provider's JWKS), issuer, audience, expiry and nonce are checked by the library. This module
 * speaks to the provider; oidc-people.server.ts decides who the answer lets in.
 */

export const OIDC_CALLBACK_PATH = "/auth/oidc/callback";
const SCOPE = "openid email profile";
/** How long a discovered configuration is reused before it is fetched again. */
const DISCOVERY_TTL_MS = 60 * 60 * 1000;
/** How long a person has at the provider's sign-in page before the flow must start again. */
const FLOW_MAX_AGE_SECONDS = 10 * 60;

export type OidcSettings = {
  issuer: URL;
  clientId: string;
  clientSecret: string | undefined;
  redirectUri: string;
  postLogoutRedirectUri: string;
  allowedDomains: string[];
  roleClaim: string | undefined;
  roleMap: Env["OIDC_ROLE_MAP"];
  teamMap: Env["OIDC_TEAM_MAP"];
  timeoutMs: number;
  passwordSignIn: Env["PASSWORD_SIGN_IN"];
};

/** Single sign-on as configured, or null when it is not (OIDC_ISSUER unset). */
export function getOidcSettings(env: Env = getEnv()): OidcSettings | null {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.PUBLIC_URL) return null;
  const base = env.PUBLIC_URL.replace(/\/+$/, "");
  return {
    issuer: new URL(env.OIDC_ISSUER),
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    redirectUri: `${base}${OIDC_CALLBACK_PATH}`,
    postLogoutRedirectUri: `${base}/login`,
    allowedDomains: env.OIDC_ALLOWED_DOMAINS,
    roleClaim: env.OIDC_ROLE_CLAIM,
    roleMap: env.OIDC_ROLE_MAP,
    teamMap: env.OIDC_TEAM_MAP,
    timeoutMs: env.OIDC_TIMEOUT_MS,
    passwordSignIn: env.PASSWORD_SIGN_IN,
  };
}

/** Plain HTTP is accepted only from a provider on this machine (a local test provider). */
export function isLoopbackUrl(url: URL): boolean {
  return ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

const discovered = new Map<string, { at: number; config: Promise<client.Configuration> }>();

/** The provider's configuration by discovery, reused for an hour; a failed discovery is not kept. */
export function getOidcConfiguration(settings: OidcSettings, now = Date.now()): Promise<client.Configuration> {
  const key = JSON.stringify([
    settings.issuer.href,
    settings.clientId,
    settings.clientSecret ?? "",
    settings.timeoutMs,
  ]);
  const cached = discovered.get(key);
  if (cached && now - cached.at < DISCOVERY_TTL_MS) return cached.config;
  const config = client.discovery(
    settings.issuer,
    settings.clientId,
    undefined,
    // client_secret_basic is the default of the standard and what every provider accepts;
    // without a secret the client is public and PKCE alone protects the code.
    settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
    {
      timeout: settings.timeoutMs / 1000,
      execute: [
        // openid-client trusts TLS for an ID token from the token endpoint unless told otherwise;
        // the signature is checked against the provider's JWKS too, so a token altered on the way
        // (a TLS-inspecting proxy, a compromised hop) is refused.
        client.enableNonRepudiationChecks,
        ...(settings.issuer.protocol === "http:" && isLoopbackUrl(settings.issuer)
          ? [client.allowInsecureRequests]
          : []),
      ],
    },
  );
  discovered.set(key, { at: now, config });
  config.catch(() => {
    if (discovered.get(key)?.config === config) discovered.delete(key);
  });
  return config;
}

/** Forgets discovered configurations (tests, and the admin's "test the connection"). */
export function forgetOidcConfigurations(): void {
  discovered.clear();
}

const FlowSchema = z.object({
  state: z.string().min(20).max(200),
  nonce: z.string().min(20).max(200),
  verifier: z.string().min(43).max(128),
  redirectTo: z.string().max(2000),
});
type Flow = z.infer<typeof FlowSchema>;

/**
 * The secrets of one sign-in in flight, in the browser that started it: nothing else can
 * finish it. Sent only to /auth/oidc; Lax, so the provider's redirect back brings it along.
 */
const flowCookie = createCookie("fb_oidc", {
  path: "/auth/oidc",
  sameSite: "lax",
  httpOnly: true,
  maxAge: FLOW_MAX_AGE_SECONDS,
});

async function readFlow(request: Request): Promise<Flow | null> {
  const value: unknown = await flowCookie.parse(request.headers.get("cookie"));
  const parsed = FlowSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A Set-Cookie that ends the flow: a code is good for one sign-in only. */
export function clearFlowCookie(request: Request): Promise<string> {
  return flowCookie.serialize("", { maxAge: 0, secure: isSecureRequest(request) });
}

/** Where to send the browser to sign in at the provider, and the cookie that remembers the flow. */
export async function startOidcSignIn(
  request: Request,
  settings: OidcSettings,
  redirectTo: string,
): Promise<{ url: URL; setCookie: string }> {
  const config = await getOidcConfiguration(settings);
  const verifier = client.randomPKCECodeVerifier();
  const flow: Flow = { state: client.randomState(), nonce: client.randomNonce(), verifier, redirectTo };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri,
    scope: SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
  });
  return { url, setCookie: await flowCookie.serialize(flow, { secure: isSecureRequest(request) }) };
}

/** Why a sign-in through the provider did not go through; each has its own page text. */
export type OidcFailure =
  | "notConfigured"
  | "flowMissing"
  | "stateMismatch"
  | "providerRefused"
  | "codeRejected"
  | "tokenInvalid"
  | "providerDown";

export type OidcClaims = client.IDToken;

export type OidcCallbackResult =
  { ok: true; claims: OidcClaims; redirectTo: string } | { ok: false; reason: OidcFailure; detail: string };

/**
 * Finishes the flow the provider redirected back with: checks state against the flow cookie,
 * redeems the code once with the PKCE verifier, and validates the ID token (signature by
 * JWKS, issuer, audience, expiry, nonce). Never throws for anything the browser or the
 * provider sent.
 */
export async function completeOidcSignIn(request: Request, settings: OidcSettings): Promise<OidcCallbackResult> {
  const flow = await readFlow(request);
  const url = new URL(request.url);
  // The address the provider redirected to, whatever proxy the request came through.
  const currentUrl = new URL(`${settings.redirectUri}${url.search}`);
  if (!flow)
    return {
      ok: false,
      reason: "flowMissing",
      detail: "no sign-in in progress in this browser (cookie missing or expired)",
    };
  const error = currentUrl.searchParams.get("error");
  if (currentUrl.searchParams.get("state") !== flow.state) {
    return {
      ok: false,
      reason: error ? "providerRefused" : "stateMismatch",
      detail: error ?? "state does not match the one this browser sent",
    };
  }
  if (error) {
    return {
      ok: false,
      reason: "providerRefused",
      detail: `${error}: ${currentUrl.searchParams.get("error_description") ?? ""}`.trim(),
    };
  }
  try {
    const config = await getOidcConfiguration(settings);
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) return { ok: false, reason: "tokenInvalid", detail: "no ID token in the token response" };
    return { ok: true, claims, redirectTo: flow.redirectTo };
  } catch (error) {
    return { ok: false, ...classifyOidcError(error) };
  }
}

/** What went wrong talking to the provider, for the page (reason) and for the log (detail). */
export function classifyOidcError(error: unknown): { reason: OidcFailure; detail: string } {
  const detail = describeError(error);
  if (error instanceof client.ResponseBodyError) {
    return { reason: error.error === "invalid_grant" ? "codeRejected" : "providerDown", detail };
  }
  if (error instanceof client.AuthorizationResponseError) return { reason: "providerRefused", detail };
  if (error instanceof TypeError) return { reason: "providerDown", detail };
  if (error instanceof client.ClientError) {
    const down = ["OAUTH_TIMEOUT", "OAUTH_ABORT", "OAUTH_RESPONSE_IS_NOT_CONFORM", "OAUTH_RESPONSE_IS_NOT_JSON"];
    return { reason: error.code && down.includes(error.code) ? "providerDown" : "tokenInvalid", detail };
  }
  return { reason: "providerDown", detail };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts = [error.name, (error as { code?: unknown }).code, (error as { error?: unknown }).error, error.message];
  const cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : undefined;
  return [...parts.filter((part) => typeof part === "string" && part), cause].filter(Boolean).join(" | ");
}

/** The provider's sign-out page for after Floorboard's, when it has one; null otherwise or when unreachable. */
export async function getProviderSignOutUrl(settings: OidcSettings): Promise<string | null> {
  try {
    const config = await getOidcConfiguration(settings);
    if (!config.serverMetadata().end_session_endpoint) return null;
    return client
      .buildEndSessionUrl(config, {
        client_id: settings.clientId,
        post_logout_redirect_uri: settings.postLogoutRedirectUri,
      })
      .toString();
  } catch {
    return null;
  }
}

/** What an admin sees after "test the connection": the discovered endpoints, or why it failed. */
export type OidcConnectionTest =
  | {
      ok: true;
      issuer: string;
      authorizationEndpoint: string;
      tokenEndpoint: string;
      jwksUri: string | null;
      endSessionEndpoint: string | null;
      elapsedMs: number;
    }
  | { ok: false; reason: OidcFailure; detail: string; elapsedMs: number };

export async function testOidcConnection(settings: OidcSettings): Promise<OidcConnectionTest> {
  const started = performance.now();
  forgetOidcConfigurations();
  try {
    const metadata = (await getOidcConfiguration(settings)).serverMetadata();
    return {
      ok: true,
      issuer: metadata.issuer,
      authorizationEndpoint: metadata.authorization_endpoint ?? "",
      tokenEndpoint: metadata.token_endpoint ?? "",
      jwksUri: metadata.jwks_uri ?? null,
      endSessionEndpoint: metadata.end_session_endpoint ?? null,
      elapsedMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    return { ok: false, ...classifyOidcError(error), elapsedMs: Math.round(performance.now() - started) };
  }
}
