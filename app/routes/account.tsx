import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "#db/client.server";
import { emailMode } from "#db/schema/enums";
import { requireUser } from "#app/auth/require.server";
import { getSession, sessionKey } from "#app/auth/session.server";
import { Button } from "#app/components/ui/button";
import { Field, Notice, SelectField } from "#app/components/ui/field";
import { Card, PageHeader } from "#app/components/ui/page";
import { supportedLocales } from "#app/i18n/config";
import { detectLocale, localeCookie } from "#app/i18n/i18n.server";
import { AccountSchema } from "#app/schemas/account";
import { countOtherSessions, getUser, updateProfile } from "#app/services/users.server";
import { readForm } from "#app/utils/http.server";
import { getEnv } from "#app/utils/env.server";
import { pageTitle } from "#app/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { session } = await getSession(request);
  const db = getDb();
  const [profile, otherSessions] = await Promise.all([
    getUser(db, user.id),
    session ? countOtherSessions(db, user.id, sessionKey(session.id)) : 0,
  ]);
  return {
    name: profile?.name ?? user.name,
    email: user.email,
    role: user.role,
    locale: profile?.locale ?? (await detectLocale(request)),
    emailMode: profile?.emailMode ?? "each",
    // Without a mail server no email goes out, whatever is chosen here.
    emailEnabled: Boolean(getEnv().SMTP_URL),
    otherSessions,
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: AccountSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await updateProfile(getDb(), user.id, {
    name: submission.value.name,
    locale: submission.value.locale,
    emailMode: submission.value.emailMode,
  });
  return redirect("/account?saved", {
    headers: { "Set-Cookie": await localeCookie.serialize(submission.value.locale) },
  });
}

export default function AccountPage() {
  const { t } = useTranslation();
  const loaderData = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "account",
    lastResult,
    defaultValue: { name: loaderData.name, locale: loaderData.locale, emailMode: loaderData.emailMode },
    // Not on blur: an error appearing or vanishing as a field loses focus moves the
    // submit button under the pointer, and the click that caused the blur is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AccountSchema }),
  });
  return (
    <>
      <PageHeader
        title={t("auth:account.title")}
        description={t("auth:account.description", { email: loaderData.email, role: t(`roles.${loaderData.role}`) })}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="text-lg font-semibold">{t("auth:account.profile")}</h2>
          <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
            {loaderData.saved ? <Notice>{t("auth:account.saved")}</Notice> : null}
            <input type="hidden" name="intent" value="profile" />
            <Field
              label={t("auth:fields.name")}
              errors={fields.name.errors}
              inputProps={getInputProps(fields.name, { type: "text" })}
            />
            <SelectField
              label={t("language.label")}
              errors={fields.locale.errors}
              selectProps={getSelectProps(fields.locale)}
              options={supportedLocales.map((locale) => ({ value: locale, label: t(`language.${locale}`) }))}
            />
            {loaderData.emailEnabled ? (
              <SelectField
                label={t("email:mode.label")}
                errors={fields.emailMode.errors}
                selectProps={getSelectProps(fields.emailMode)}
                options={emailMode.enumValues.map((mode) => ({ value: mode, label: t(`email:mode.${mode}`) }))}
              />
            ) : (
              <div>
                <h3 className="text-sm font-medium text-slate-900">{t("email:mode.label")}</h3>
                <p
                  className="mt-1 rounded-md border border-slate-300 bg-slate-50 p-3 text-sm text-slate-800"
                  data-testid="email-off"
                >
                  {t("auth:account.emailOff")}
                </p>
              </div>
            )}
            <Button>{t("actions.save")}</Button>
          </Form>
        </Card>
        <Card>
          <h2 className="text-lg font-semibold">{t("auth:account.sessions")}</h2>
          <p className="mt-2 text-slate-700">{t("auth:account.otherSessions", { count: loaderData.otherSessions })}</p>
          <Form method="post" action="/logout" className="mt-4">
            <input type="hidden" name="scope" value="everywhere" />
            <Button variant="secondary">{t("nav.signOutEverywhere")}</Button>
          </Form>
        </Card>
      </div>
    </>
  );
}
