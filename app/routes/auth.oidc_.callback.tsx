import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client.server";
import { signInWithProvider } from "#app/auth/oidc-people.server";
import { clearFlowCookie, completeOidcSignIn, getOidcSettings } from "#app/auth/oidc.server";
import { createUserSession } from "#app/auth/session.server";
import { SsoProblem } from "#app/components/auth/sso-problem";
import { pageTitle } from "#app/i18n/meta";
import { getClientIp, safeRedirect } from "#app/utils/http.server";
import { getLogger } from "#app/utils/logger.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:sso.title");

/**
 * Where the provider sends the browser back. Anything wrong (state, code, token, email,
 * domain, deactivated person, provider down) answers with a page in the person's language
 * and a log line, and creates no session; the flow cookie is cleared either way.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const settings = getOidcSettings();
  if (!settings) throw redirect("/login");
  const log = getLogger();
  const ip = getClientIp(request);
  const clear = await clearFlowCookie(request);
  const refuse = (reason: string, status: number) =>
    data({ reason }, { status, headers: { "Set-Cookie": clear, "Cache-Control": "no-store" } });

  const outcome = await completeOidcSignIn(request, settings);
  if (!outcome.ok) {
    log.warn("single sign-on refused", { reason: outcome.reason, detail: outcome.detail, ip });
    return refuse(outcome.reason, outcome.reason === "providerDown" ? 503 : 400);
  }
  let result;
  try {
    result = await signInWithProvider(getDb(), outcome.claims, settings, { ip });
  } catch (error) {
    log.error("single sign-on failed while saving the person", { error, ip, subject: outcome.claims.sub });
    return refuse("failed", 500);
  }
  if (!result.ok) {
    log.warn("single sign-on refused", { reason: result.reason, email: result.email, subject: outcome.claims.sub, ip });
    return refuse(result.reason, 403);
  }
  log.info("single sign-on", {
    userId: result.userId,
    created: result.created,
    linked: result.linked,
    roleChanged: result.roleChanged,
    ip,
  });
  return createUserSession(request, result.userId, safeRedirect(outcome.redirectTo, "/board"), [clear]);
}

export default function SsoCallbackPage() {
  const { reason } = useLoaderData<typeof loader>();
  return <SsoProblem reason={reason} />;
}
