// What an API key may be allowed to do. Pure and client-safe: the admin page lists these
// as checkboxes, the service stores them, and the API checks them on every request.

export const apiScopes = ["items:read", "items:write", "tickets:write"] as const;
export type ApiScope = (typeof apiScopes)[number];

/** Known scopes only, each once, in the canonical order of `apiScopes`. */
export function normaliseScopes(scopes: Iterable<string>): ApiScope[] {
  const wanted = new Set(scopes);
  return apiScopes.filter((scope) => wanted.has(scope));
}
