import { type SubmissionResult, getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { Button } from "#app/components/ui/button";
import { Field, FormAlert, RowError } from "#app/components/ui/field";
import { Card, PageHeader } from "#app/components/ui/page";
import { ArchiveTeamSchema, CreateTeamSchema, RenameTeamSchema } from "#app/schemas/admin";
import { createTeam, listTeams, renameTeam, setTeamArchived } from "#app/services/teams.server";
import { badRequest, formError, getClientIp, readForm } from "#app/utils/http.server";
import { formErrorFor } from "#app/utils/forms";
import { pageTitle } from "#app/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin:teams.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "teams:manage");
  return { teams: await listTeams(getDb(), { includeArchived: true }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "teams:manage");
  const actor = { id: admin.id, ip: getClientIp(request) };
  const formData = await readForm(request);
  const db = getDb();
  const intent = formData.get("intent");
  if (intent === "create") {
    const submission = parseWithZod(formData, { schema: CreateTeamSchema });
    if (submission.status !== "success") return data({ create: submission.reply() }, { status: 400 });
    const result = await createTeam(db, actor, submission.value.name);
    if (!result.ok)
      return data(
        { create: submission.reply({ fieldErrors: { name: ["validation:teamNameTaken"] } }) },
        { status: 400 },
      );
    return { create: submission.reply({ resetForm: true }) };
  }
  if (intent === "rename") {
    const submission = parseWithZod(formData, { schema: RenameTeamSchema });
    const teamId = String(formData.get("teamId"));
    if (submission.status !== "success")
      return formError("rename", submission.error?.name?.[0] ?? "validation:invalidForm", { target: teamId });
    const result = await renameTeam(db, actor, submission.value.teamId, submission.value.name);
    if (!result.ok)
      return formError("rename", result.error === "nameTaken" ? "validation:teamNameTaken" : "errors.404.title", {
        target: teamId,
      });
    return { renamed: teamId };
  }
  const submission = parseWithZod(formData, { schema: ArchiveTeamSchema });
  if (submission.status !== "success") throw badRequest();
  await setTeamArchived(db, actor, submission.value.teamId, submission.value.intent === "archive");
  return { archived: submission.value.teamId };
}

type ActionData = Partial<{
  create: SubmissionResult<string[]>;
}>;

export default function AdminTeamsPage() {
  const { t } = useTranslation();
  const { teams } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [form, fields] = useForm({
    id: "create-team",
    lastResult: actionData?.create,
    // Not on blur: an error appearing or vanishing as a field loses focus moves the
    // submit button under the pointer, and the click that caused the blur is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateTeamSchema }),
  });
  return (
    <>
      <PageHeader title={t("admin:teams.title")} description={t("admin:teams.description")} />
      <div className="grid gap-6 lg:grid-cols-3">
        <ul className="space-y-3 lg:col-span-2">
          {teams.map((team) => (
            <li key={team.id}>
              <Card>
                <Form method="post" className="flex flex-wrap items-end gap-3">
                  <input type="hidden" name="teamId" value={team.id} />
                  <div className="min-w-48 flex-1">
                    <Field
                      label={t("admin:teams.name")}
                      inputProps={{ id: `team-name-${team.id}`, name: "name", defaultValue: team.name, required: true }}
                    />
                  </div>
                  <Button name="intent" value="rename" variant="secondary">
                    {t("admin:teams.rename")}
                  </Button>
                  <Button name="intent" value={team.archivedAt ? "restore" : "archive"} variant="ghost">
                    {team.archivedAt ? t("admin:teams.restore") : t("admin:teams.archive")}
                  </Button>
                </Form>
                <p className="mt-2 text-sm text-slate-700">
                  {t("admin:teams.members", { count: team.members })}
                  {team.archivedAt ? ` · ${t("admin:teams.archived")}` : ""}
                </p>
                <RowError message={formErrorFor(actionData, "rename", team.id)} />
              </Card>
            </li>
          ))}
        </ul>
        <Card>
          <h2 className="text-lg font-semibold">{t("admin:teams.createTitle")}</h2>
          <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="create" />
            <FormAlert id={form.errorId} errors={form.errors} />
            <Field
              label={t("admin:teams.name")}
              errors={fields.name.errors}
              inputProps={getInputProps(fields.name, { type: "text" })}
            />
            <Button>{t("admin:teams.create")}</Button>
          </Form>
        </Card>
      </div>
    </>
  );
}
