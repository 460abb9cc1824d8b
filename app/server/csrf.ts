const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type OriginCheckInput = {
  method: string;
  origin: string | undefined;
  referer: string | undefined;
  /** The Host the request was addressed to (or X-Forwarded-Host behind a trusted proxy). */
  host: string | undefined;
  publicUrl: string | undefined;
  hasSessionCookie: boolean;
};

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
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
  const allowed = new Set<string>();
  if (input.host) allowed.add(input.host.toLowerCase());
  if (input.publicUrl) {
    const publicHost = hostOf(input.publicUrl);
    if (publicHost) allowed.add(publicHost.toLowerCase());
  }
  const source = input.origin && input.origin !== "null" ? input.origin : input.referer;
  if (!source) return !input.hasSessionCookie && input.origin !== "null";
  const sourceHost = hostOf(source);
  return sourceHost !== null && allowed.has(sourceHost.toLowerCase());
}
