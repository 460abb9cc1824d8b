import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "#db/client.server";
import { getOidcSettings, getProviderSignOutUrl } from "#app/auth/oidc.server";
import { requireAnonymous } from "#app/auth/require.server";
import { createUserSession, deviceCookieHeader, readDeviceToken } from "#app/auth/session.server";
import { signIn } from "#app/auth/sign-in.server";
import { Button, buttonClass } from "#app/components/ui/button";
import { Field, FormAlert } from "#app/components/ui/field";
import { Card } from "#app/components/ui/page";
import { LoginSchema } from "#app/schemas/auth";
import { needsSetup } from "#app/services/setup.server";
import { getClientIp, readForm, safeRedirect } from "#app/utils/http.server";
import { pageTitle } from "#app/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await needsSetup(getDb())) throw redirect("/setup");
  await requireAnonymous(request, "/board");
  const sso = getOidcSettings();
  // Without single sign-on the page is the password form alone.
  if (!sso) return null;
  const signedOut = new URL(request.url).searchParams.get("signedOut") === "1";
  return {
    passwordSignIn: sso.passwordSignIn,
    providerSignOutUrl: signedOut ? await getProviderSignOutUrl(sso) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request, "/board");
  const submission = parseWithZod(await readForm(request), { schema: LoginSchema });
  if (submission.status !== "success") {
    return data(
      { result: submission.reply({ hideFields: ["password"] }), retryAfterSeconds: 0, waitCount: 0 },
      { status: 400 },
    );
  }
  const passwordSignIn = getOidcSettings()?.passwordSignIn ?? "all";
  if (passwordSignIn === "off") {
    return data(
      {
        result: submission.reply({ formErrors: ["auth:login.passwordOff"], hideFields: ["password"] }),
        retryAfterSeconds: 0,
        waitCount: 0,
      },
      { status: 403 },
    );
  }
  const outcome = await signIn(getDb(), {
    ...submission.value,
    ip: getClientIp(request),
    deviceToken: await readDeviceToken(request),
    adminsOnly: passwordSignIn === "admins",
  });
  if (outcome.ok) {
    const device = await deviceCookieHeader(request, outcome.deviceToken);
    return createUserSession(request, outcome.userId, safeRedirect(submission.value.redirectTo, "/board"), [device]);
  }
  const wait = outcome.reason === "throttled" ? throttleWait(outcome.retryAfterSeconds) : null;
  const message = {
    invalid: "auth:login.invalid",
    deactivated: "auth:login.deactivated",
    passwordOff: "auth:login.passwordOff",
    throttled: wait?.key ?? "auth:login.throttled",
  }[outcome.reason];
  return data(
    {
      result: submission.reply({ formErrors: [message], hideFields: ["password"] }),
      retryAfterSeconds: outcome.reason === "throttled" ? outcome.retryAfterSeconds : 0,
      waitCount: wait?.count ?? 0,
    },
    {
      status: outcome.reason === "throttled" ? 429 : outcome.reason === "passwordOff" ? 403 : 400,
      headers: outcome.reason === "throttled" ? { "Retry-After": String(outcome.retryAfterSeconds) } : undefined,
    },
  );
}

/** Waits of a minute and a half or more read better in minutes (rounded up). */
function throttleWait(seconds: number) {
  return seconds >= 90
    ? { key: "auth:login.throttledMinutes", count: Math.ceil(seconds / 60) }
    : { key: "auth:login.throttled", count: seconds };
}

export default function LoginPage() {
  const { t } = useTranslation();
  const sso = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
    // Not on blur: an error appearing or vanishing as a field loses focus moves the
    // submit button under the pointer, and the click that caused the blur is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  const passwordForm = (
    <Form method="post" className="mt-6 space-y-4" {...getFormProps(form)}>
      <FormAlert id={form.errorId} errors={form.errors} values={{ count: actionData?.waitCount ?? 0 }} />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <Field
        label={t("auth:fields.email")}
        errors={fields.email.errors}
        inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email", autoFocus: !sso }}
      />
      <Field
        label={t("auth:fields.password")}
        errors={fields.password.errors}
        inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
      />
      <Button className="w-full" variant={sso ? "secondary" : "primary"} disabled={navigation.state === "submitting"}>
        {t("auth:login.submit")}
      </Button>
    </Form>
  );
  return (
    <Card>
      <h1 className="text-2xl font-bold text-slate-900">{t("auth:login.title")}</h1>
      <p className="mt-1 text-slate-700">{t("auth:login.intro")}</p>
      {sso?.providerSignOutUrl ? (
        <p className="mt-4 rounded-md bg-slate-100 p-3 text-sm text-slate-800" role="status">
          {t("auth:sso.signedOut")}{" "}
          <a href={sso.providerSignOutUrl} className="font-semibold text-brand-700 underline">
            {t("auth:sso.providerSignOut")}
          </a>
        </p>
      ) : null}
      {sso ? (
        // A full page load: the sign-in starts on the server and leaves for the provider.
        <a
          href={`/auth/oidc${redirectTo ? `?${new URLSearchParams({ redirectTo })}` : ""}`}
          className={buttonClass("primary", "mt-6 w-full")}
        >
          {t("auth:sso.signIn")}
        </a>
      ) : null}
      {!sso || sso.passwordSignIn === "all" ? (
        <>
          {sso ? <p className="mt-6 text-center text-sm text-slate-700">{t("auth:sso.orPassword")}</p> : null}
          {passwordForm}
        </>
      ) : sso.passwordSignIn === "admins" ? (
        <details className="mt-6" open={Boolean(actionData)}>
          <summary className="cursor-pointer text-sm font-semibold text-slate-700">{t("auth:sso.breakGlass")}</summary>
          {passwordForm}
        </details>
      ) : null}
    </Card>
  );
}
