import type { ReactNode } from "react";
import { z } from "zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getOidcSettings, testOidcConnection } from "#app/auth/oidc.server";
import { requirePermission } from "#app/auth/require.server";
import { Button } from "#app/components/ui/button";
import { Card, PageHeader } from "#app/components/ui/page";
import { pageTitle } from "#app/i18n/meta";
import { formError, readForm } from "#app/utils/http.server";
import { getLogger } from "#app/utils/logger.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin:sso.title");

/** The single sign-on settings as the server read them; the secret is never sent to the page. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:access");
  const settings = getOidcSettings();
  if (!settings) return { settings: null };
  return {
    settings: {
      issuer: settings.issuer.href,
      clientId: settings.clientId,
      clientSecretSet: Boolean(settings.clientSecret),
      redirectUri: settings.redirectUri,
      postLogoutRedirectUri: settings.postLogoutRedirectUri,
      allowedDomains: settings.allowedDomains,
      roleClaim: settings.roleClaim ?? null,
      roleMap: settings.roleMap.map(([value, role]) => `${value} → ${role}`),
      teamMap: settings.teamMap.map(([value, team]) => `${value} → ${team}`),
      passwordSignIn: settings.passwordSignIn,
      timeoutMs: settings.timeoutMs,
    },
  };
}

const TestSchema = z.object({ intent: z.literal("test") });

/** "Test the connection": a fresh discovery of the provider, timed. */
export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "admin:access");
  const parsed = TestSchema.safeParse(Object.fromEntries(await readForm(request)));
  const settings = getOidcSettings();
  if (!parsed.success || !settings) return formError("test", settings ? "validation:invalidForm" : "admin:sso.off");
  const test = await testOidcConnection(settings);
  if (!test.ok) getLogger().warn("single sign-on connection test failed", { reason: test.reason, detail: test.detail });
  return data({ test }, { status: test.ok ? 200 : 502 });
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-semibold text-slate-700">{label}</dt>
      <dd className="break-all text-slate-900 sm:col-span-2">{children}</dd>
    </div>
  );
}

export default function AdminSsoPage() {
  const { t } = useTranslation();
  const { settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const test = actionData && "test" in actionData ? actionData.test : undefined;
  if (!settings) {
    return (
      <>
        <PageHeader title={t("admin:sso.title")} description={t("admin:sso.description")} />
        <Card>
          <p className="text-slate-700">{t("admin:sso.off")}</p>
        </Card>
      </>
    );
  }
  const none = t("admin:sso.none");
  return (
    <>
      <PageHeader title={t("admin:sso.title")} description={t("admin:sso.description")} />
      <Card>
        <dl className="divide-y divide-slate-200">
          <Row label={t("admin:sso.issuer")}>{settings.issuer}</Row>
          <Row label={t("admin:sso.clientId")}>{settings.clientId}</Row>
          <Row label={t("admin:sso.clientSecret")}>
            {t(settings.clientSecretSet ? "admin:sso.secretSet" : "admin:sso.secretUnset")}
          </Row>
          <Row label={t("admin:sso.redirectUri")}>
            <code>{settings.redirectUri}</code>
          </Row>
          <Row label={t("admin:sso.postLogoutUri")}>
            <code>{settings.postLogoutRedirectUri}</code>
          </Row>
          <Row label={t("admin:sso.allowedDomains")}>
            {settings.allowedDomains.join(", ") || t("admin:sso.noDomains")}
          </Row>
          <Row label={t("admin:sso.roleClaim")}>{settings.roleClaim ?? none}</Row>
          <Row label={t("admin:sso.roleMap")}>{settings.roleMap.join(", ") || t("admin:sso.noMap")}</Row>
          <Row label={t("admin:sso.teamMap")}>{settings.teamMap.join(", ") || t("admin:sso.noMap")}</Row>
          <Row label={t("admin:sso.passwordSignIn")}>{t(`admin:sso.password.${settings.passwordSignIn}`)}</Row>
          <Row label={t("admin:sso.timeout")}>{t("admin:sso.timeoutValue", { ms: settings.timeoutMs })}</Row>
        </dl>
      </Card>
      <Card className="mt-6">
        <Form method="post">
          <Button name="intent" value="test" disabled={navigation.state === "submitting"}>
            {t("admin:sso.test")}
          </Button>
        </Form>
        {test ? (
          <div className="mt-4" role="status">
            <p className={test.ok ? "font-semibold text-green-800" : "font-semibold text-red-800"}>
              {t(test.ok ? "admin:sso.testOk" : "admin:sso.testFailed", { ms: test.elapsedMs })}
            </p>
            {test.ok ? (
              <dl className="mt-2 divide-y divide-slate-200">
                <Row label={t("admin:sso.endpoints.issuer")}>{test.issuer}</Row>
                <Row label={t("admin:sso.endpoints.authorization")}>{test.authorizationEndpoint}</Row>
                <Row label={t("admin:sso.endpoints.token")}>{test.tokenEndpoint}</Row>
                <Row label={t("admin:sso.endpoints.jwks")}>{test.jwksUri ?? none}</Row>
                <Row label={t("admin:sso.endpoints.endSession")}>{test.endSessionEndpoint ?? none}</Row>
              </dl>
            ) : (
              <>
                <p className="mt-1 text-slate-700">{t(`auth:sso.problems.${test.reason}.title`)}</p>
                <pre className="mt-2 whitespace-pre-wrap break-all rounded bg-slate-100 p-2 text-xs text-slate-800">
                  {test.detail}
                </pre>
              </>
            )}
          </div>
        ) : null}
      </Card>
    </>
  );
}
