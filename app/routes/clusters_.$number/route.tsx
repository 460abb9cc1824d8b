import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clusterName } from "#app/services/clusters/names";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { buttonClass } from "#app/components/ui/button";
import { defaultLocale } from "#app/i18n/config";
import type { loader as rootLoader } from "#app/root";
import { ClusterNumberSchema } from "#app/schemas/clusters";
import { listClusterTickets } from "#app/services/clusters/detail.server";
import { clusterWeeklyKpis, listClusterKpis } from "#app/services/clusters/kpis.server";
import { getClusterByNumber, listClusterChoices, listClusterItems } from "#app/services/clusters/manage.server";
import { can } from "#app/services/permissions";
import { notFound, readForm } from "#app/utils/http.server";
import { formErrorFor } from "#app/utils/forms";
import { RouteErrorBoundary } from "#app/components/error-page";
import type { ClusterAction } from "#app/schemas/clusters";
import { pageTitle, textTitle } from "#app/i18n/meta";
import { clusterAction } from "./actions.server";
import { ClusterCharts } from "./kpi-charts";
import { ClusterKpis } from "./kpi-summary";
import { LinkedItems } from "./linked-items";
import { ManagePanel } from "./manage-panel";
import { TicketList } from "./ticket-list";

async function loadCluster(request: Request, numberParam: string | undefined) {
  const user = await requirePermission(request, "clusters:view");
  const number = ClusterNumberSchema.safeParse(numberParam);
  if (!number.success)
    throw notFound("clusters:errors.clusterMissing", { number: String(numberParam ?? "").slice(0, 20) });
  const cluster = await getClusterByNumber(getDb(), number.data);
  if (!cluster) throw notFound("clusters:errors.clusterMissing", { number: number.data });
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
  if (!kpis) throw notFound("clusters:errors.clusterMissing", { number: cluster.number });
  return { cluster: { ...kpis, retiredAt: cluster.retiredAt }, weeks, tickets, linked, choices, canManage };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { cluster } = await loadCluster(request, params.number);
  const user = await requirePermission(request, "clusters:manage");
  const actor = { id: user.id, role: user.role };
  return clusterAction({ db: getDb(), actor, clusterId: cluster.id }, await readForm(request));
}

export function ErrorBoundary() {
  return <RouteErrorBoundary back={{ to: "/clusters", label: "clusters:detail.back" }} />;
}

/** The intents of the page's forms, whose errors show above the page. */
const clusterIntents = ["rename", "merge", "split", "move", "recluster"] as const satisfies readonly Intent[];
type Intent = ClusterAction["intent"];

export type ClusterPageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ClusterPage() {
  const { t } = useTranslation("clusters");
  const { cluster, weeks, tickets, linked, choices, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = formErrorFor(actionData, clusterIntents);
  const done = actionData && "done" in actionData ? actionData.done : undefined;
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
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

      {error ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200">
          {t(error)}
        </p>
      ) : done ? (
        <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-900 ring-1 ring-green-200">
          {t(`detail.done.${done}`)}
        </p>
      ) : null}

      <ClusterKpis cluster={cluster} locale={locale} />

      <ClusterCharts weeks={weeks} locale={locale} />

      <div className="grid gap-6 lg:grid-cols-3">
        <TicketList
          cluster={cluster}
          tickets={tickets}
          choices={choices}
          canManage={canManage}
          locale={locale}
          busy={busy}
        />

        <div className="space-y-6">
          <LinkedItems linked={linked} />

          {canManage ? <ManagePanel cluster={cluster} choices={choices} locale={locale} busy={busy} /> : null}
        </div>
      </div>
    </div>
  );
}
