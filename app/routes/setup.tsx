import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "#db/client.server";
import { hashPassword } from "#app/auth/password.server";
import { createUserSession } from "#app/auth/session.server";
import { Button } from "#app/components/ui/button";
import { Field, FormAlert } from "#app/components/ui/field";
import { Card } from "#app/components/ui/page";
import { detectLocale } from "#app/i18n/i18n.server";
import { SetupSchema } from "#app/schemas/auth";
import { createFirstAdmin, needsSetup } from "#app/services/setup.server";
import { readForm } from "#app/utils/http.server";
import { pageTitle } from "#app/i18n/meta";

// The page exists only until the first admin does.
async function requireSetupPending() {
  if (!(await needsSetup(getDb()))) throw redirect("/login");
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:setup.title");

export async function loader() {
  await requireSetupPending();
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  await requireSetupPending();
  const submission = parseWithZod(await readForm(request), { schema: SetupSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { password, ...rest } = submission.value;
  const result = await createFirstAdmin(getDb(), {
    ...rest,
    passwordHash: await hashPassword(password),
    locale: await detectLocale(request),
  });
  if (!result.ok) {
    if (result.error === "alreadyDone") throw redirect("/login");
    return data(submission.reply({ fieldErrors: { email: ["validation:emailTaken"] }, hideFields: ["password"] }), {
      status: 400,
    });
  }
  return createUserSession(request, result.userId, "/admin");
}

export default function SetupPage() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "setup",
    lastResult,
    // Not on blur: an error appearing or vanishing as a field loses focus moves the
    // submit button under the pointer, and the click that caused the blur is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetupSchema }),
  });
  return (
    <Card>
      <h1 className="text-2xl font-bold text-slate-900">{t("auth:setup.title")}</h1>
      <p className="mt-1 text-slate-700">{t("auth:setup.intro")}</p>
      <Form method="post" className="mt-6 space-y-4" {...getFormProps(form)}>
        <FormAlert id={form.errorId} errors={form.errors} />
        <Field
          label={t("auth:fields.name")}
          errors={fields.name.errors}
          inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }}
        />
        <Field
          label={t("auth:fields.email")}
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
        />
        <Field
          label={t("auth:fields.newPassword")}
          hint={t("auth:fields.passwordHint")}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <Field
          label={t("auth:fields.teamName")}
          hint={t("auth:setup.teamHint")}
          errors={fields.teamName.errors}
          inputProps={getInputProps(fields.teamName, { type: "text" })}
        />
        <Button className="w-full" disabled={navigation.state === "submitting"}>
          {t("auth:setup.submit")}
        </Button>
      </Form>
    </Card>
  );
}
