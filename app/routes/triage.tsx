import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { StatusBadge } from "#app/components/items/status-badge";
import { Button } from "#app/components/ui/button";
import { Notice, RowError } from "#app/components/ui/field";
import { Card, EmptyState, PageHeader } from "#app/components/ui/page";
import { defaultLocale } from "#app/i18n/config";
import { formatDate } from "#app/i18n/format";
import type { loader as rootLoader } from "#app/root";
import { AreaSchema } from "#app/schemas/items";
import { listTriageQueue, setItemArea } from "#app/services/items.server";
import { itemArea } from "#db/schema/enums";
import { changeStatus } from "#app/services/status.server";
import { formError, readForm } from "#app/utils/http.server";
import { formErrorFor } from "#app/utils/forms";
import { pageTitle } from "#app/i18n/meta";

const TriageSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("accept"),
    itemId: z.uuid(),
    area: z.preprocess((value) => (value === "" ? undefined : value), AreaSchema.optional()),
  }),
  z.object({
    intent: z.literal("decline"),
    itemId: z.uuid(),
    note: z.string().trim().min(1, { error: "items:errors.reasonRequired" }).max(2000),
  }),
  z.object({
    intent: z.literal("merge"),
    itemId: z.uuid(),
    duplicateOf: z.coerce
      .number({ error: "validation:itemNumberInvalid" })
      .int()
      .positive({ error: "validation:itemNumberInvalid" }),
  }),
]);

const triageIntents = TriageSchema.options.map((option) => option.shape.intent.value);

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "items:triage.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "item:triage");
  return { queue: await listTriageQueue(getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "item:triage");
  const formData = await readForm(request);
  const parsed = TriageSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success)
    return formError(
      String(formData.get("intent") ?? ""),
      parsed.error.issues[0]?.message ?? "validation:invalidForm",
      {
        target: String(formData.get("itemId") ?? ""),
      },
    );
  const input = parsed.data;
  // The root cause an agent left open is named here, before the item moves on.
  if (input.intent === "accept" && input.area) await setItemArea(getDb(), user, input.itemId, input.area);
  const result = await changeStatus(getDb(), user, input.itemId, {
    status: input.intent === "accept" ? "under_review" : input.intent === "decline" ? "declined" : "duplicate",
    note: input.intent === "decline" ? input.note : null,
    ownerId: null,
    targetDate: null,
    duplicateOf: input.intent === "merge" ? input.duplicateOf : undefined,
  });
  if (!result.ok) {
    const error = result.error === "rules" ? `items:errors.${result.problems[0]}` : `items:errors.${result.error}`;
    return formError(input.intent, error, { target: input.itemId });
  }
  return { done: result.item.number };
}

export default function TriagePage() {
  const { t } = useTranslation("items");
  const { queue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const done = actionData && "done" in actionData ? actionData.done : null;
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const inputClass = "w-full rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-inset ring-slate-400";
  return (
    <>
      <PageHeader title={t("triage.title")} description={t("triage.description")} />
      {done ? (
        <div className="mb-4">
          <Notice>{t("triage.done", { number: done })}</Notice>
        </div>
      ) : null}
      {queue.length === 0 ? (
        <EmptyState title={t("triage.empty")} />
      ) : (
        <ul className="space-y-3">
          {queue.map((item) => (
            <li key={item.id}>
              <Card>
                <div className="flex flex-wrap items-center gap-2 text-xs">
                  <span className="font-semibold uppercase text-slate-700">{t(`kind.${item.kind}`)}</span>
                  <StatusBadge status={item.status} />
                  <span className="text-slate-700">
                    {t("triage.waiting", { date: formatDate(locale, item.createdAt) })}
                  </span>
                  <span className="text-slate-700">· {t("card.votes", { count: item.votes })}</span>
                </div>
                <h2 className="mt-1 font-semibold text-slate-900">
                  <Link to={`/items/${item.number}`} className="hover:underline">
                    #{item.number} {item.title}
                  </Link>
                </h2>
                <div className="mt-3 grid gap-3 md:grid-cols-3">
                  <Form method="post" className="flex flex-wrap gap-2">
                    <input type="hidden" name="itemId" value={item.id} />
                    {item.area ? (
                      <p className="flex min-w-0 flex-1 items-center text-sm text-slate-800">
                        {t("form.area")}: {t(`area.${item.area}`)}
                      </p>
                    ) : (
                      <>
                        <label htmlFor={`area-${item.id}`} className="sr-only">
                          {t("triage.areaLabel")}
                        </label>
                        <select
                          id={`area-${item.id}`}
                          name="area"
                          defaultValue=""
                          className={`${inputClass} min-w-40 flex-1 bg-white`}
                        >
                          <option value="">{t("triage.areaLater")}</option>
                          {itemArea.enumValues.map((value) => (
                            <option key={value} value={value}>
                              {t(`area.${value}`)}
                            </option>
                          ))}
                        </select>
                      </>
                    )}
                    <Button name="intent" value="accept" className="grow">
                      {t("triage.accept")}
                    </Button>
                  </Form>
                  <Form method="post" className="flex gap-2">
                    <input type="hidden" name="itemId" value={item.id} />
                    <label htmlFor={`reason-${item.id}`} className="sr-only">
                      {t("triage.declineReason")}
                    </label>
                    <input
                      id={`reason-${item.id}`}
                      name="note"
                      placeholder={t("triage.declineReason")}
                      className={inputClass}
                    />
                    <Button name="intent" value="decline" variant="secondary">
                      {t("triage.decline")}
                    </Button>
                  </Form>
                  <Form method="post" className="flex gap-2">
                    <input type="hidden" name="itemId" value={item.id} />
                    <label htmlFor={`merge-${item.id}`} className="sr-only">
                      {t("triage.mergeNumber")}
                    </label>
                    <input
                      id={`merge-${item.id}`}
                      name="duplicateOf"
                      inputMode="numeric"
                      placeholder={t("triage.mergeNumber")}
                      className={inputClass}
                    />
                    <Button name="intent" value="merge" variant="secondary">
                      {t("triage.merge")}
                    </Button>
                  </Form>
                </div>
                <div className="mt-2">
                  <RowError message={formErrorFor(actionData, triageIntents, item.id)} />
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
