import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { classifyOidcError, getOidcSettings, startOidcSignIn } from "#app/auth/oidc.server";
import { requireAnonymous } from "#app/auth/require.server";
import { SsoProblem } from "#app/components/auth/sso-problem";
import { pageTitle } from "#app/i18n/meta";
import { safeRedirect } from "#app/utils/http.server";
import { getLogger } from "#app/utils/logger.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:sso.title");

/** Starts a sign-in with the company account: off to the provider, with state, nonce and PKCE. */
export async function loader({ request }: LoaderFunctionArgs) {
  const settings = getOidcSettings();
  if (!settings) throw redirect("/login");
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/board");
  await requireAnonymous(request, redirectTo);
  try {
    const { url, setCookie } = await startOidcSignIn(request, settings, redirectTo);
    return redirect(url.toString(), { headers: { "Set-Cookie": setCookie, "Cache-Control": "no-store" } });
  } catch (error) {
    const { reason, detail } = classifyOidcError(error);
    getLogger().warn("single sign-on could not start", { reason, detail, issuer: settings.issuer.href });
    return data({ reason }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}

export default function SsoStartPage() {
  const { reason } = useLoaderData<typeof loader>();
  return <SsoProblem reason={reason} />;
}
