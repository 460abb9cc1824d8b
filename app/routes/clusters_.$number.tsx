import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clusterName } from "#app/services/clusters/names";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { decimal, hours, percent, signedPercent } from "#app/components/charts/format";
import { Highlighted } from "#app/components/charts/highlight";
import { SeriesChart } from "#app/components/charts/series-chart";
import { StatusBadge } from "#app/components/items/status-badge";
import { Button, buttonClass } from "#app/components/ui/button";
import { Card } from "#app/components/ui/page";
import { defaultLocale } from "#app/i18n/config";
import { formatDate, formatNumber } from "#app/i18n/format";
import type { loader as rootLoader } from "#app/root";
import { CLUSTER_NAME_MAX, ClusterActionSchema, ClusterNumberSchema } from "#app/schemas/clusters";
import { listClusterTickets } from "#app/services/clusters/detail.server";
import { requestRecluster } from "#app/services/clusters/jobs.server";
import { clusterWeeklyKpis, listClusterKpis } from "#app/services/clusters/kpis.server";
import {
  getClusterByNumber,
  listClusterChoices,
  listClusterItems,
  mergeClusters,
  moveTickets,
  renameCluster,
  splitCluster,
} from "#app/services/clusters/manage.server";
import { can } from "#app/services/permissions";
import { invariantResponse, readForm } from "#app/utils/http.server";
import { pageTitle, textTitle } from "#app/i18n/meta";

async function loadCluster(request: Request, numberParam: string | undefined) {
  const user = await requirePermission(request, "clusters:view");
  const number = ClusterNumberSchema.safeParse(numberParam);
  invariantResponse(number.success, "Not found", { status: 404 });
  const cluster = await getClusterByNumber(getDb(), number.data);
  invariantResponse(cluster, "Not found", { status: 404 });
  return { user, cluster };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? textTitle(data.cluster.name ?? data.cluster.label) : pageTitle(matches, "clusters:list.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, cluster } = await loadCluster(request, params.number);
  const db = getDb();
  if (cluster.mergedIntoId) {
    const [target] = await listClusterKpis(db, { clusterIds: [cluster.mergedIntoId] });
    if (target) throw redirect(`/clusters/${target.number}`);
  }
  const canManage = can(user.role, "clusters:manage");
  const [[kpis], weeks, tickets, linked, choices] = await Promise.all([
    listClusterKpis(db, { clusterIds: [cluster.id] }),
    clusterWeeklyKpis(db, cluster.id),
    listClusterTickets(db, cluster),
    listClusterItems(db, cluster.id),
    canManage ? listClusterChoices(db, cluster.id) : Promise.resolve([]),
  ]);
  invariantResponse(kpis, "Not found", { status: 404 });
  return { cluster: { ...kpis, retiredAt: cluster.retiredAt }, weeks, tickets, linked, choices, canManage };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { cluster } = await loadCluster(request, params.number);
  const user = await requirePermission(request, "clusters:manage");
  const parsed = ClusterActionSchema.safeParse(parseForm(await readForm(request)));
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "";
    return data({ error: message.startsWith("clusters:") ? message : "clusters:errors.invalid" }, { status: 400 });
  }
  const db = getDb();
  const input = parsed.data;
  const actor = { id: user.id, role: user.role };
  const result =
    input.intent === "rename"
      ? await renameCluster(db, actor, cluster.id, input.name)
      : input.intent === "merge"
        ? await mergeClusters(db, actor, cluster.id, input.target)
        : input.intent === "split"
          ? await splitCluster(db, actor, cluster.id, input.k ?? "auto")
          : input.intent === "move"
            ? await moveTickets(db, actor, input.tickets, input.target)
            : await requestRecluster(db, actor);
  if (!result.ok)
    return data({ error: `clusters:errors.${result.error}` }, { status: result.error === "forbidden" ? 403 : 400 });
  if (input.intent === "merge") {
    const [target] = await listClusterKpis(db, { clusterIds: [input.target] });
    return redirect(`/clusters/${target?.number ?? ""}`);
  }
  if (input.intent === "recluster") return redirect("/clusters");
  return { done: input.intent };
}

/** Form fields as an object; a repeated field becomes an array. */
function parseForm(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).map(String);
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

export default function ClusterPage() {
  const { t } = useTranslation("clusters");
  const { cluster, weeks, tickets, linked, choices, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { error?: string; done?: string } | undefined;
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const weekLabel = (week: string) => formatDate(locale, week);
  const chartText = { tableLabel: t("detail.showTable"), columnLabel: t("detail.weekOf") };
  const title = clusterName(cluster, locale);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm text-slate-700">
            <Link to="/clusters" className="underline">
              {t("detail.back")}
            </Link>
          </p>
          <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900">{title}</h1>
          <p className="mt-1 text-sm text-slate-700">
            {t("detail.meta", { number: cluster.number, size: cluster.size })}
            {cluster.name ? ` · ${t("detail.engineLabel", { label: cluster.label })}` : ""}
          </p>
          {cluster.retiredAt ? (
            <p className="mt-1 text-sm font-semibold text-amber-900">{t("detail.retired")}</p>
          ) : null}
        </div>
        <Link to={`/items/new?kind=idea&cluster=${cluster.number}`} className={buttonClass("primary")}>
          {t("detail.postIdea")}
        </Link>
      </div>

      {actionData?.error ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200">
          {t(actionData.error)}
        </p>
      ) : actionData?.done ? (
        <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-900 ring-1 ring-green-200">
          {t(`detail.done.${actionData.done}`)}
        </p>
      ) : null}

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          [t("columns.size"), String(cluster.size)],
          [t("columns.change"), signedPercent(locale, cluster.changePercent)],
          [t("columns.csat"), percent(locale, cluster.csat)],
          [t("columns.firstResponse"), hours(locale, cluster.medianFirstResponseHours)],
          [t("columns.resolution"), hours(locale, cluster.medianResolutionHours)],
          [t("columns.backlog"), String(cluster.backlog)],
          [t("columns.interactions"), decimal(locale, cluster.interactionsPerTicket)],
          [t("columns.resolutionRate"), percent(locale, cluster.resolutionRate)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg bg-white p-3 ring-1 ring-slate-200">
            <dt className="text-xs font-medium text-slate-700">{label}</dt>
            <dd className="text-lg font-semibold tabular-nums text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>

      <section aria-labelledby="charts-title">
        <h2 id="charts-title" className="text-lg font-semibold text-slate-900">
          {t("detail.charts")}
        </h2>
        <div className="mt-3 grid gap-4 md:grid-cols-2">
          <SeriesChart
            title={t("detail.chartTickets")}
            kind="bar"
            points={weeks.map((week) => ({ label: weekLabel(week.week), value: week.tickets }))}
            valueLabel={t("detail.tickets")}
            unit={t("detail.unitTickets")}
            format={(value) => formatNumber(locale, value)}
            {...chartText}
          />
          <SeriesChart
            title={t("detail.chartCsat")}
            points={weeks.map((week) => ({
              label: weekLabel(week.week),
              value: week.csat === null ? null : Math.round(week.csat * 100),
            }))}
            format={(value) => `${formatNumber(locale, value)} %`}
            valueLabel={t("columns.csat")}
            unit={t("detail.unitCsat")}
            {...chartText}
          />
          <SeriesChart
            title={t("detail.chartFirstResponse")}
            points={weeks.map((week) => ({ label: weekLabel(week.week), value: week.medianFirstResponseHours }))}
            format={(value) => hours(locale, value)}
            valueLabel={t("columns.firstResponse")}
            unit={t("detail.unitHours")}
            {...chartText}
          />
          <SeriesChart
            title={t("detail.chartResolution")}
            points={weeks.map((week) => ({ label: weekLabel(week.week), value: week.medianResolutionHours }))}
            format={(value) => hours(locale, value)}
            valueLabel={t("columns.resolution")}
            unit={t("detail.unitHours")}
            {...chartText}
          />
          <SeriesChart
            title={t("detail.chartBacklog")}
            points={weeks.map((week) => ({ label: weekLabel(week.week), value: week.backlog }))}
            valueLabel={t("columns.backlog")}
            unit={t("detail.unitBacklog")}
            format={(value) => formatNumber(locale, value)}
            {...chartText}
          />
        </div>
      </section>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <h2 className="text-lg font-semibold text-slate-900">{t("detail.tickets")}</h2>
          {cluster.keywords.length ? (
            <p className="mt-1 text-sm text-slate-700">
              {t("detail.keywords", { keywords: cluster.keywords.join(", ") })}
            </p>
          ) : null}
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="move" />
            <ul className="space-y-3">
              {tickets.map((ticket) => (
                <li key={ticket.id} className="flex gap-3 rounded-md bg-slate-50 p-3">
                  {canManage ? (
                    <input
                      type="checkbox"
                      name="tickets"
                      value={ticket.id}
                      id={`ticket-${ticket.id}`}
                      className="mt-1 h-4 w-4"
                      aria-label={t("detail.selectTicket", { subject: ticket.subject })}
                    />
                  ) : null}
                  <div className="min-w-0">
                    <p className="font-medium text-slate-900">
                      <Highlighted text={ticket.subject} keywords={cluster.keywords} />
                    </p>
                    <p className="mt-1 break-words text-sm text-slate-800">
                      <Highlighted text={ticket.excerpt} keywords={cluster.keywords} />
                    </p>
                    <p className="mt-1 text-xs text-slate-700">
                      {formatDate(locale, ticket.openedAt)}
                      {ticket.channel ? ` · ${t(`items:channel.${ticket.channel}`)}` : ""} ·{" "}
                      {t(`ticketStatus.${ticket.status}`)}
                      {ticket.representative ? ` · ${t("detail.representative")}` : ""}
                      {ticket.pinned ? ` · ${t("detail.pinned")}` : ""}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
            {canManage && choices.length ? (
              <div className="mt-4 flex flex-wrap items-end gap-2">
                <div>
                  <label htmlFor="move-target" className="block text-sm font-medium text-slate-800">
                    {t("detail.moveTo")}
                  </label>
                  <select
                    id="move-target"
                    name="target"
                    required
                    className="mt-1 rounded-md px-2 py-2 text-sm ring-1 ring-inset ring-slate-400"
                  >
                    {choices.map((choice) => (
                      <option key={choice.id} value={choice.id}>
                        {clusterName(choice, locale)} ({choice.size})
                      </option>
                    ))}
                  </select>
                </div>
                <Button variant="secondary" disabled={busy}>
                  {t("detail.moveSelected")}
                </Button>
              </div>
            ) : null}
          </Form>
        </Card>

        <div className="space-y-6">
          <Card>
            <h2 className="text-lg font-semibold text-slate-900">{t("detail.linkedItems")}</h2>
            {linked.length === 0 ? (
              <p className="mt-2 text-sm text-slate-700">{t("detail.noLinkedItems")}</p>
            ) : (
              <ul className="mt-2 space-y-2">
                {linked.map((item) => (
                  <li key={item.id} className="text-sm">
                    <Link to={`/items/${item.number}`} className="font-medium text-slate-900 underline">
                      #{item.number} {item.title}
                    </Link>{" "}
                    <StatusBadge status={item.status} />
                  </li>
                ))}
              </ul>
            )}
          </Card>

          {canManage ? (
            <Card>
              <h2 className="text-lg font-semibold text-slate-900">{t("detail.manage")}</h2>
              <Form method="post" className="mt-3 space-y-2">
                <input type="hidden" name="intent" value="rename" />
                <label htmlFor="cluster-name" className="block text-sm font-medium text-slate-800">
                  {t("detail.name")}
                </label>
                <input
                  id="cluster-name"
                  name="name"
                  defaultValue={cluster.name ?? ""}
                  maxLength={CLUSTER_NAME_MAX}
                  aria-describedby="cluster-name-hint"
                  className="block w-full rounded-md px-3 py-2 ring-1 ring-inset ring-slate-400"
                />
                <p id="cluster-name-hint" className="text-xs text-slate-700">
                  {t("detail.nameHint")}
                </p>
                <Button variant="secondary" disabled={busy}>
                  {t("detail.rename")}
                </Button>
              </Form>
              {choices.length ? (
                <Form method="post" className="mt-5 space-y-2">
                  <input type="hidden" name="intent" value="merge" />
                  <label htmlFor="merge-target" className="block text-sm font-medium text-slate-800">
                    {t("detail.mergeInto")}
                  </label>
                  <select
                    id="merge-target"
                    name="target"
                    required
                    className="block w-full rounded-md px-2 py-2 text-sm ring-1 ring-inset ring-slate-400"
                  >
                    {choices.map((choice) => (
                      <option key={choice.id} value={choice.id}>
                        {clusterName(choice, locale)} ({choice.size})
                      </option>
                    ))}
                  </select>
                  <Button variant="secondary" disabled={busy}>
                    {t("detail.merge")}
                  </Button>
                </Form>
              ) : null}
              <Form method="post" className="mt-5 space-y-2">
                <input type="hidden" name="intent" value="split" />
                <label htmlFor="split-k" className="block text-sm font-medium text-slate-800">
                  {t("detail.splitParts")}
                </label>
                <input
                  id="split-k"
                  name="k"
                  type="number"
                  min={2}
                  max={10}
                  aria-describedby="split-k-hint"
                  className="block w-24 rounded-md px-3 py-2 ring-1 ring-inset ring-slate-400"
                />
                <p id="split-k-hint" className="text-xs text-slate-700">
                  {t("detail.splitHint")}
                </p>
                <Button variant="secondary" disabled={busy}>
                  {t("detail.split")}
                </Button>
              </Form>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
