import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { type z } from "zod";
import { getDb } from "#db/client.server";
import { forbidden, requirePermission } from "#app/auth/require.server";
import { RouteErrorBoundary } from "#app/components/error-page";
import { ItemFields, type ItemFormShape } from "#app/components/items/item-fields";
import { Button, buttonClass } from "#app/components/ui/button";
import { FormAlert } from "#app/components/ui/field";
import { Card } from "#app/components/ui/page";
import { ItemEditSchema, ItemNumberSchema } from "#app/schemas/items";
import { editItem, getItemByNumber } from "#app/services/items.server";
import { can } from "#app/services/permissions";
import { teamChoices } from "#app/services/teams.server";
import { notFound, readForm } from "#app/utils/http.server";
import { isActiveTeam } from "#app/services/users.server";
import { pageTitle } from "#app/i18n/meta";

async function loadEditable(request: Request, param: string | undefined) {
  const user = await requirePermission(request, "board:view");
  const number = ItemNumberSchema.safeParse(param);
  if (!number.success) throw notFound("items:errors.itemMissing", { number: String(param ?? "").slice(0, 20) });
  const item = await getItemByNumber(getDb(), number.data);
  if (!item) throw notFound("items:errors.itemMissing", { number: number.data });
  const canManage = can(user.role, "item:change-status");
  if (item.authorId !== user.id && !canManage) throw forbidden("items:errors.forbidden");
  return { user, item, canManage };
}

function formValues(item: {
  kind: string;
  title: string;
  body: string;
  area: string | null;
  channel: string | null;
  teamId: string | null;
  tags: string[];
  version: number;
}) {
  return {
    kind: item.kind,
    title: item.title,
    body: item.body,
    area: item.area ?? "",
    channel: item.channel ?? "",
    teamId: item.teamId ?? "",
    tags: item.tags.join(", "),
    version: String(item.version),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, "items:form.editTitle", { number: data?.number ?? "" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { item } = await loadEditable(request, params.number);
  const teams = await teamChoices(getDb());
  return { number: item.number, values: formValues(item), teams };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, item, canManage } = await loadEditable(request, params.number);
  const submission = parseWithZod(await readForm(request), { schema: ItemEditSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), conflict: null }, { status: 400 });
  const newTeam = submission.value.teamId !== item.teamId ? submission.value.teamId : null;
  if (newTeam && !(await isActiveTeam(getDb(), newTeam))) {
    return data(
      { result: submission.reply({ fieldErrors: { teamId: ["validation:teamInvalid"] } }), conflict: null },
      { status: 400 },
    );
  }
  const result = await editItem(getDb(), { id: user.id, canManage }, item.id, submission.value);
  if (result.ok) return redirect(`/items/${item.number}`);
  if (result.error === "conflict") {
    // Nothing is overwritten: show their version and keep ours in the form.
    return data(
      {
        result: submission.reply({ formErrors: ["items:form.conflict"] }),
        conflict: { changed: result.changed, current: formValues(result.current) },
      },
      { status: 409 },
    );
  }
  throw result.error === "notFound"
    ? notFound("items:errors.itemMissing", { number: item.number })
    : forbidden("items:errors.forbidden");
}

export function ErrorBoundary() {
  return <RouteErrorBoundary back={{ to: "/board", label: "errors.backToBoard" }} />;
}

export default function EditItemPage() {
  const { t } = useTranslation("items");
  const { number, values, teams } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const conflict = actionData?.conflict;
  const [form, fields] = useForm<ItemFormShape, z.output<typeof ItemEditSchema>>({
    id: `edit-${number}`,
    lastResult: actionData?.result,
    defaultValue: values,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ItemEditSchema }),
  });
  return (
    <Card className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-bold text-slate-900">{t("form.editTitle", { number })}</h1>
      <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
        <FormAlert id={form.errorId} errors={form.errors} />
        {conflict ? (
          <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            <p className="font-semibold">{t("form.conflictFields", { fields: conflict.changed.join(", ") })}</p>
            <dl className="mt-2 space-y-1">
              {conflict.changed.map((field) => (
                <div key={field}>
                  <dt className="font-medium">{field}</dt>
                  <dd className="whitespace-pre-line">
                    {String(conflict.current[field as keyof typeof conflict.current] ?? "")}
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        ) : null}
        {/* After a conflict the next save is against the version just shown. */}
        <input type="hidden" name="version" value={conflict?.current.version ?? values.version} />
        <ItemFields fields={fields} teams={teams} />
        <div className="flex gap-3">
          <Button>{t("form.save")}</Button>
          <Link to={`/items/${number}`} className={buttonClass("ghost")}>
            {t("form.cancel")}
          </Link>
        </div>
      </Form>
    </Card>
  );
}
