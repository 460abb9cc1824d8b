import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { Card, PageHeader } from "#app/components/ui/page";
import { DisplayForm } from "#app/components/wall/display-form";
import { UpdateDisplaySchema } from "#app/schemas/displays";
import { getDisplay, updateDisplay } from "#app/services/displays.server";
import { listTeams } from "#app/services/teams.server";
import { getClientIp, notFound, readForm } from "#app/utils/http.server";
import { RouteErrorBoundary } from "#app/components/error-page";
import { pageTitle } from "#app/i18n/meta";

const IdSchema = z.uuid();

async function findDisplay(id: string | undefined) {
  const parsed = IdSchema.safeParse(id);
  if (!parsed.success) throw notFound("displays:errors.displayMissing");
  const display = await getDisplay(getDb(), parsed.data);
  if (!display) throw notFound("displays:errors.displayMissing");
  return display;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "displays:editTitle", { name: data?.display.name ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "displays:manage");
  const [display, teams] = await Promise.all([findDisplay(params.id), listTeams(getDb())]);
  return { display, teams: teams.map(({ id, name }) => ({ id, name })) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "displays:manage");
  const display = await findDisplay(params.id);
  const submission = parseWithZod(await readForm(request), { schema: UpdateDisplaySchema });
  if (submission.status !== "success" || submission.value.displayId !== display.id) {
    return data({ update: submission.reply() }, { status: 400 });
  }
  const { intent: _intent, displayId: _id, ...input } = submission.value;
  await updateDisplay(getDb(), { id: admin.id, ip: getClientIp(request) }, display.id, input);
  return redirect("/admin/displays");
}

export function ErrorBoundary() {
  return <RouteErrorBoundary back={{ to: "/admin/displays", label: "displays:back" }} />;
}

export default function EditDisplayPage() {
  const { t } = useTranslation("displays");
  const { display, teams } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { update?: SubmissionResult<string[]> } | undefined;
  return (
    <>
      <PageHeader
        title={t("editTitle", { name: display.name })}
        actions={
          <Link to="/admin/displays" className="text-sm font-semibold text-brand-700 underline">
            {t("back")}
          </Link>
        }
      />
      <Card className="max-w-xl">
        <DisplayForm
          intent="update"
          displayId={display.id}
          teams={teams}
          lastResult={actionData?.update}
          defaults={{
            name: display.name,
            location: display.location,
            locale: display.locale,
            panels: display.panels,
            teamIds: display.teamIds,
            tags: display.tags.join(", "),
            rotationSeconds: String(display.rotationSeconds),
          }}
        />
      </Card>
    </>
  );
}
