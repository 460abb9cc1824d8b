const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type OriginCheckInput = {
  method: string;
  origin: string | undefined;
  referer: string | undefined;
  /** The Host the request was addressed to (or X-Forwarded-Host behind a trusted proxy). */
  host: string | undefined;
  /** "http" or "https": how the request reached us (X-Forwarded-Proto behind a trusted proxy). */
  scheme: string;
  publicUrl: string | undefined;
  hasSessionCookie: boolean;
};

/** The origin (scheme, host and port, default ports left out), lower case; null if not a URL. */
function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === "null" ? null : origin.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * CSRF defence: a state-changing request must come from a page of this site. Browsers
 * send Origin with every POST; Referer is the fallback. A request with neither is
 * accepted only when it carries no session cookie (an API client with its own key).
 */
export function isAllowedOrigin(input: OriginCheckInput): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return true;
  // Whole origins, scheme included: a page on https://host is another site than http://host.
  const allowed = new Set<string>();
  const own = input.host ? originOf(`${input.scheme}://${input.host}`) : null;
  if (own) allowed.add(own);
  const publicOrigin = input.publicUrl ? originOf(input.publicUrl) : null;
  if (publicOrigin) allowed.add(publicOrigin);
  const source = input.origin && input.origin !== "null" ? input.origin : input.referer;
  if (!source) return !input.hasSessionCookie && input.origin !== "null";
  const sourceOrigin = originOf(source);
  return sourceOrigin !== null && allowed.has(sourceOrigin);
}
