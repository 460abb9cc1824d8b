import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "#db/client.server";
import { requireAnonymous } from "#app/auth/require.server";
import { createUserSession, deviceCookieHeader, readDeviceToken } from "#app/auth/session.server";
import { signIn } from "#app/auth/sign-in.server";
import { Button } from "#app/components/ui/button";
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
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request, "/board");
  const submission = parseWithZod(await readForm(request), { schema: LoginSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }), retryAfterSeconds: 0, waitCount: 0 }, { status: 400 });
  }
  const outcome = await signIn(getDb(), { ...submission.value, ip: getClientIp(request), deviceToken: await readDeviceToken(request) });
  if (outcome.ok) {
    const device = await deviceCookieHeader(request, outcome.deviceToken);
    return createUserSession(request, outcome.userId, safeRedirect(submission.value.redirectTo, "/board"), [device]);
  }
  const wait = outcome.reason === "throttled" ? throttleWait(outcome.retryAfterSeconds) : null;
  const message = {
    invalid: "auth:login.invalid",
    deactivated: "auth:login.deactivated",
    throttled: wait?.key ?? "auth:login.throttled",
  }[outcome.reason];
  return data(
    {
      result: submission.reply({ formErrors: [message], hideFields: ["password"] }),
      retryAfterSeconds: outcome.reason === "throttled" ? outcome.retryAfterSeconds : 0,
      waitCount: wait?.count ?? 0,
    },
    {
      status: outcome.reason === "throttled" ? 429 : 400,
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
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
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
  return (
    <Card>
      <h1 className="text-2xl font-bold text-slate-900">{t("auth:login.title")}</h1>
      <p className="mt-1 text-slate-700">{t("auth:login.intro")}</p>
      <Form method="post" className="mt-6 space-y-4" {...getFormProps(form)}>
        <FormAlert id={form.errorId} errors={form.errors} values={{ count: actionData?.waitCount ?? 0 }} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <Field
          label={t("auth:fields.email")}
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email", autoFocus: true }}
        />
        <Field
          label={t("auth:fields.password")}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
        />
        <Button className="w-full" disabled={navigation.state === "submitting"}>
          {t("auth:login.submit")}
        </Button>
      </Form>
    </Card>
  );
}
