import { type SubmissionResult, getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { Button } from "#app/components/ui/button";
import { Field, FormAlert, Notice, RowError, SelectField } from "#app/components/ui/field";
import { Card, PageHeader } from "#app/components/ui/page";
import { defaultLocale } from "#app/i18n/config";
import { formatDate, formatDateTime } from "#app/i18n/format";
import type { loader as rootLoader } from "#app/root";
import { InviteSchema, RevokeInvitationSchema, UpdateUserSchema, UserStatusSchema } from "#app/schemas/admin";
import { createInvitation, listPendingInvitations, revokeInvitation } from "#app/services/invitations.server";
import { roles } from "#app/services/permissions";
import { listTeams } from "#app/services/teams.server";
import { listUsers, setUserActive, updateUserRoleAndTeam } from "#app/services/users.server";
import { getEnv } from "#app/utils/env.server";
import { badRequest, formError, getClientIp, readForm, readSearchParams } from "#app/utils/http.server";
import { formErrorFor } from "#app/utils/forms";
import { pageTitle } from "#app/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin:users.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "users:manage");
  const query = readSearchParams(request).q?.slice(0, 100) ?? "";
  const db = getDb();
  const [people, teams, invitations] = await Promise.all([
    listUsers(db, { query }),
    listTeams(db),
    listPendingInvitations(db),
  ]);
  return { query, people, teams: teams.map(({ id, name }) => ({ id, name })), invitations };
}

function invitationUrl(request: Request, token: string): string {
  const base = getEnv().PUBLIC_URL ?? new URL(request.url).origin;
  return new URL(`/invite/${token}`, base).toString();
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "users:manage");
  const actor = { id: admin.id, ip: getClientIp(request) };
  const formData = await readForm(request);
  const db = getDb();
  switch (formData.get("intent")) {
    case "invite": {
      const submission = parseWithZod(formData, { schema: InviteSchema });
      if (submission.status !== "success") return data({ invite: submission.reply() }, { status: 400 });
      const result = await createInvitation(db, actor, submission.value);
      if (!result.ok) {
        const field = result.error === "emailTaken" ? "email" : "teamId";
        return data(
          { invite: submission.reply({ fieldErrors: { [field]: [`validation:${result.error}`] } }) },
          { status: 400 },
        );
      }
      return {
        invite: submission.reply({ resetForm: true }),
        invited: { email: submission.value.email, url: invitationUrl(request, result.token) },
      };
    }
    case "update": {
      const submission = parseWithZod(formData, { schema: UpdateUserSchema });
      if (submission.status !== "success")
        return formError("update", "validation:invalidForm", { target: String(formData.get("userId")) });
      const result = await updateUserRoleAndTeam(db, actor, submission.value);
      if (!result.ok)
        return formError("update", `admin:users.errors.${result.error}`, { target: submission.value.userId });
      return { updated: submission.value.userId };
    }
    case "deactivate":
    case "reactivate": {
      const submission = parseWithZod(formData, { schema: UserStatusSchema });
      const intent = submission.status === "success" ? submission.value.intent : "deactivate";
      if (submission.status !== "success")
        return formError(intent, "validation:invalidForm", { target: String(formData.get("userId")) });
      const result = await setUserActive(db, actor, {
        userId: submission.value.userId,
        active: submission.value.intent === "reactivate",
      });
      if (!result.ok)
        return formError(intent, `admin:users.errors.${result.error}`, { target: submission.value.userId });
      return { updated: submission.value.userId };
    }
    case "revoke-invitation": {
      const submission = parseWithZod(formData, { schema: RevokeInvitationSchema });
      if (submission.status === "success") await revokeInvitation(db, actor, submission.value.invitationId);
      return { revoked: true };
    }
    default:
      throw badRequest();
  }
}

/** The forms on each person's row; their errors show under that row. */
const personIntents = ["update", "deactivate", "reactivate"];

type ActionData = Partial<{
  invite: SubmissionResult<string[]>;
  invited: { email: string; url: string };
  updated: string;
}>;

export default function AdminUsersPage() {
  const { t } = useTranslation();
  const { query, people, teams, invitations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "invite",
    lastResult: actionData?.invite,
    // Not on blur: an error appearing or vanishing as a field loses focus moves the
    // submit button under the pointer, and the click that caused the blur is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    defaultValue: { role: "agent" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
  });
  const roleOptions = roles.map((role) => ({ value: role, label: t(`roles.${role}`) }));
  const teamOptions = [
    { value: "", label: t("noTeam") },
    ...teams.map((team) => ({ value: team.id, label: team.name })),
  ];

  return (
    <>
      <PageHeader title={t("admin:users.title")} description={t("admin:users.description")} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Form method="get" role="search" className="flex gap-2">
            <label htmlFor="user-search" className="sr-only">
              {t("admin:users.search")}
            </label>
            <input
              id="user-search"
              type="search"
              name="q"
              defaultValue={query}
              placeholder={t("admin:users.searchPlaceholder")}
              className="block w-full rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-400 focus:ring-2 focus:ring-brand-600"
            />
            <Button variant="secondary">{t("admin:users.search")}</Button>
          </Form>
          <p className="text-sm text-slate-700" aria-live="polite">
            {t("admin:users.count", { count: people.length })}
          </p>
          <ul className="space-y-3">
            {people.map((person) => (
              <li key={person.id}>
                <Card className={person.deactivatedAt ? "opacity-80" : ""}>
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <div>
                      <h2 className="font-semibold text-slate-900">
                        {person.name}
                        {person.deactivatedAt ? (
                          <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-800">
                            {t("admin:users.deactivated")}
                          </span>
                        ) : null}
                      </h2>
                      <p className="text-sm text-slate-700">{person.email}</p>
                    </div>
                    <p className="text-xs text-slate-700">
                      {person.lastSeenAt
                        ? t("admin:users.lastSeen", { date: formatDateTime(locale, person.lastSeenAt) })
                        : t("admin:users.neverSeen")}
                    </p>
                  </div>
                  <Form method="post" className="mt-3 flex flex-wrap items-end gap-3">
                    <input type="hidden" name="userId" value={person.id} />
                    <SelectField
                      label={t("admin:users.role")}
                      selectProps={{ id: `role-${person.id}`, name: "role", defaultValue: person.role }}
                      options={roleOptions}
                    />
                    <SelectField
                      label={t("admin:users.team")}
                      selectProps={{ id: `team-${person.id}`, name: "teamId", defaultValue: person.teamId ?? "" }}
                      options={teamOptions}
                    />
                    <Button name="intent" value="update" variant="secondary">
                      {t("actions.save")}
                    </Button>
                    <Button
                      name="intent"
                      value={person.deactivatedAt ? "reactivate" : "deactivate"}
                      variant={person.deactivatedAt ? "secondary" : "danger"}
                    >
                      {person.deactivatedAt ? t("admin:users.reactivate") : t("admin:users.deactivate")}
                    </Button>
                  </Form>
                  <RowError message={formErrorFor(actionData, personIntents, person.id)} />
                </Card>
              </li>
            ))}
          </ul>
        </div>
        <div className="space-y-6">
          <Card>
            <h2 className="text-lg font-semibold">{t("admin:users.inviteTitle")}</h2>
            <p className="mt-1 text-sm text-slate-700">{t("admin:users.inviteHint")}</p>
            <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
              <input type="hidden" name="intent" value="invite" />
              <FormAlert id={form.errorId} errors={form.errors} />
              {actionData?.invited ? (
                <Notice>
                  <p>{t("admin:users.invited", { email: actionData.invited.email })}</p>
                  <label htmlFor="invitation-link" className="mt-2 block font-semibold">
                    {t("admin:users.invitationLink")}
                  </label>
                  <input
                    id="invitation-link"
                    readOnly
                    value={actionData.invited.url}
                    className="mt-1 w-full rounded border border-emerald-400 bg-white px-2 py-1 font-mono text-xs"
                  />
                </Notice>
              ) : null}
              <Field
                label={t("auth:fields.email")}
                errors={fields.email.errors}
                inputProps={getInputProps(fields.email, { type: "email" })}
              />
              <SelectField
                label={t("admin:users.role")}
                errors={fields.role.errors}
                selectProps={getSelectProps(fields.role)}
                options={roleOptions}
              />
              <SelectField
                label={t("admin:users.team")}
                errors={fields.teamId.errors}
                selectProps={getSelectProps(fields.teamId)}
                options={teamOptions}
              />
              <Button disabled={navigation.state === "submitting"}>{t("admin:users.inviteSubmit")}</Button>
            </Form>
          </Card>
          <Card>
            <h2 className="text-lg font-semibold">{t("admin:users.pending")}</h2>
            {invitations.length === 0 ? (
              <p className="mt-2 text-sm text-slate-700">{t("admin:users.noPending")}</p>
            ) : (
              <ul className="mt-3 divide-y divide-slate-200">
                {invitations.map((invitation) => (
                  <li key={invitation.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                    <div>
                      <p className="font-medium">{invitation.email}</p>
                      <p className="text-slate-700">
                        {t(`roles.${invitation.role}`)} · {invitation.teamName ?? t("noTeam")} ·{" "}
                        {t("admin:users.expires", { date: formatDate(locale, invitation.expiresAt) })}
                      </p>
                    </div>
                    <Form method="post">
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <Button
                        name="intent"
                        value="revoke-invitation"
                        variant="ghost"
                        aria-label={t("admin:users.revokeFor", { email: invitation.email })}
                      >
                        {t("admin:users.revoke")}
                      </Button>
                    </Form>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
