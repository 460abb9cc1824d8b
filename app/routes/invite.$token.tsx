import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "#db/client.server";
import { hashPassword } from "#app/auth/password.server";
import { requireAnonymous } from "#app/auth/require.server";
import { createUserSession } from "#app/auth/session.server";
import { Button, buttonClass } from "#app/components/ui/button";
import { Field, FormAlert } from "#app/components/ui/field";
import { Card } from "#app/components/ui/page";
import { detectLocale } from "#app/i18n/i18n.server";
import { AcceptInvitationSchema } from "#app/schemas/auth";
import { acceptInvitation, findInvitation } from "#app/services/invitations.server";
import { readForm } from "#app/utils/http.server";
import { pageTitle } from "#app/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:invite.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAnonymous(request, "/board");
  const { invitation, state } = await findInvitation(getDb(), params.token ?? "");
  return data(
    {
      state,
      invitation:
        state === "valid" && invitation
          ? { email: invitation.email, role: invitation.role, teamName: invitation.teamName }
          : null,
    },
    { status: state === "valid" ? 200 : state === "unknown" ? 404 : 410 },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAnonymous(request, "/board");
  const submission = parseWithZod(await readForm(request), { schema: AcceptInvitationSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password", "confirmPassword"] }), { status: 400 });
  }
  const result = await acceptInvitation(getDb(), params.token ?? "", {
    name: submission.value.name,
    passwordHash: await hashPassword(submission.value.password),
    locale: await detectLocale(request),
  });
  if (!result.ok) {
    const key = result.error === "emailTaken" ? "auth:invite.emailTaken" : `auth:invite.state.${result.error}`;
    return data(submission.reply({ formErrors: [key], hideFields: ["password", "confirmPassword"] }), { status: 410 });
  }
  return createUserSession(request, result.userId, "/board");
}

export default function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { state, invitation } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "accept-invitation",
    lastResult,
    // Not on blur: an error appearing or vanishing as a field loses focus moves the
    // submit button under the pointer, and the click that caused the blur is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AcceptInvitationSchema }),
  });
  if (!invitation) {
    return (
      <Card>
        <h1 className="text-2xl font-bold text-slate-900">{t(`auth:invite.state.${state}Title`)}</h1>
        <p className="mt-2 text-slate-700">{t(`auth:invite.state.${state}`)}</p>
        <Link to="/login" className={buttonClass("secondary", "mt-6")}>
          {t("auth:invite.toLogin")}
        </Link>
      </Card>
    );
  }
  return (
    <Card>
      <h1 className="text-2xl font-bold text-slate-900">{t("auth:invite.title")}</h1>
      <p className="mt-1 text-slate-700">
        {t("auth:invite.intro", {
          email: invitation.email,
          role: t(`common:roles.${invitation.role}`),
          team: invitation.teamName ?? t("common:noTeam"),
        })}
      </p>
      <Form method="post" className="mt-6 space-y-4" {...getFormProps(form)}>
        <FormAlert id={form.errorId} errors={form.errors} />
        <Field
          label={t("auth:fields.name")}
          errors={fields.name.errors}
          inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }}
        />
        <Field
          label={t("auth:fields.newPassword")}
          hint={t("auth:fields.passwordHint")}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
        />
        <Field
          label={t("auth:fields.confirmPassword")}
          errors={fields.confirmPassword.errors}
          inputProps={{ ...getInputProps(fields.confirmPassword, { type: "password" }), autoComplete: "new-password" }}
        />
        <Button className="w-full" disabled={navigation.state === "submitting"}>
          {t("auth:invite.submit")}
        </Button>
      </Form>
    </Card>
  );
}
