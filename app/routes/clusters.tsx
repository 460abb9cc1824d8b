import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator, useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { clusterName } from "#app/services/clusters/names";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { decimal, hours, percent, signedPercent } from "#app/components/charts/format";
import { Sparkline } from "#app/components/charts/sparkline";
import { buttonClass } from "#app/components/ui/button";
import { EmptyState, PageHeader } from "#app/components/ui/page";
import { defaultLocale } from "#app/i18n/config";
import type { loader as rootLoader } from "#app/root";
import { activeReclusterJob, lastReclusterJob, requestRecluster } from "#app/services/clusters/jobs.server";
import { clusterSorts, listClusterKpis, sortClusters, type ClusterSort } from "#app/services/clusters/kpis.server";
import { badRequest, readForm, readSearchParams } from "#app/utils/http.server";
import { pageTitle } from "#app/i18n/meta";

const QuerySchema = z.object({
  sort: z.enum(clusterSorts).catch("size"),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
});

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "clusters:list.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "clusters:view");
  const query = QuerySchema.parse(readSearchParams(request));
  const dir = query.dir ?? (query.sort === "label" ? "asc" : "desc");
  const db = getDb();
  const [rows, active, last] = await Promise.all([listClusterKpis(db), activeReclusterJob(db), lastReclusterJob(db)]);
  return {
    clusters: sortClusters(rows, query.sort, dir),
    sort: query.sort,
    dir,
    job: active ?? (last?.status === "failed" ? last : null),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "clusters:manage");
  const formData = await readForm(request);
  if (formData.get("intent") !== "recluster") throw badRequest();
  await requestRecluster(getDb(), user);
  return redirect("/clusters");
}

const columns: Array<{ key: ClusterSort; numeric: boolean }> = [
  { key: "label", numeric: false },
  { key: "size", numeric: true },
  { key: "trend", numeric: true },
  { key: "change", numeric: true },
  { key: "csat", numeric: true },
  { key: "firstResponse", numeric: true },
  { key: "resolution", numeric: true },
  { key: "backlog", numeric: true },
  { key: "interactions", numeric: true },
  { key: "resolutionRate", numeric: true },
  { key: "linked", numeric: true },
];

export default function ClustersPage() {
  const { t } = useTranslation("clusters");
  const { clusters, sort, dir, job } = useLoaderData<typeof loader>();
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const running = job && (job.status === "queued" || job.status === "running");

  // While a re-clustering runs, the page follows its progress.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2000);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  const sortLink = (key: ClusterSort) => {
    const nextDir = sort === key ? (dir === "asc" ? "desc" : "asc") : key === "label" ? "asc" : "desc";
    return `?sort=${key}&dir=${nextDir}`;
  };

  return (
    <>
      <PageHeader
        title={t("list.title")}
        description={t("list.description")}
        actions={
          <Form method="post">
            <input type="hidden" name="intent" value="recluster" />
            <button
              type="submit"
              className={buttonClass("secondary")}
              disabled={Boolean(running) || navigation.state === "submitting"}
            >
              {t("list.recluster")}
            </button>
          </Form>
        }
      />
      <div aria-live="polite" className="mb-4">
        {running ? (
          <div className="rounded-md bg-brand-50 p-3 text-sm text-slate-900 ring-1 ring-brand-100">
            <label htmlFor="recluster-progress" className="font-medium">
              {job.status === "queued"
                ? t("list.jobQueued")
                : t("list.jobRunning", { done: job.done, total: job.total ?? 100 })}
            </label>
            <progress id="recluster-progress" className="mt-2 block w-full" value={job.done} max={job.total ?? 100} />
            <Link to="/clusters" className="mt-2 inline-block font-semibold underline">
              {t("list.refresh")}
            </Link>
          </div>
        ) : job?.status === "failed" ? (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200">
            {t("list.jobFailed")}
          </p>
        ) : null}
      </div>
      {clusters.length === 0 ? (
        <EmptyState title={t("list.emptyTitle")}>{t("list.emptyBody")}</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="min-w-full text-sm">
            <caption className="px-3 py-2 text-left text-sm text-slate-700">
              {t("list.caption", { count: clusters.length })}
            </caption>
            <thead className="bg-slate-50">
              <tr>
                {columns.map((column) => (
                  <th
                    key={column.key}
                    scope="col"
                    aria-sort={sort === column.key ? (dir === "asc" ? "ascending" : "descending") : "none"}
                    className={`whitespace-nowrap px-3 py-2 font-semibold text-slate-800 ${column.numeric ? "text-right" : "text-left"}`}
                  >
                    <Link
                      to={sortLink(column.key)}
                      className="inline-flex items-center gap-1 hover:underline"
                      preventScrollReset
                    >
                      {t(`columns.${column.key}`)}
                      <span aria-hidden="true">{sort === column.key ? (dir === "asc" ? "▲" : "▼") : "↕"}</span>
                    </Link>
                  </th>
                ))}
                <th scope="col" className="px-3 py-2 text-left font-semibold text-slate-800">
                  {t("columns.channels")}
                </th>
              </tr>
            </thead>
            <tbody>
              {clusters.map((cluster) => {
                const lastFour = cluster.weekly.slice(-4).reduce((a, b) => a + b, 0);
                return (
                  <tr key={cluster.id} className="border-t border-slate-100 align-middle">
                    <th
                      scope="row"
                      className="md:min-w-[14rem] max-w-xs px-3 py-2 text-left font-medium text-slate-900"
                    >
                      <Link to={`/clusters/${cluster.number}`} className="hover:underline">
                        {clusterName(cluster, locale)}
                      </Link>
                      {cluster.unaddressed ? (
                        <span className="ml-2 inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
                          {t("list.unaddressed")}
                        </span>
                      ) : null}
                    </th>
                    <td className="px-3 py-2 text-right tabular-nums">{cluster.size}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-right">
                      <Sparkline values={cluster.weekly} />
                      <span className="ml-2 tabular-nums">
                        {t("list.perWeek", { value: decimal(locale, lastFour / 4) })}
                      </span>
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {signedPercent(locale, cluster.changePercent)}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{percent(locale, cluster.csat)}</td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {hours(locale, cluster.medianFirstResponseHours)}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {hours(locale, cluster.medianResolutionHours)}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{cluster.backlog}</td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {decimal(locale, cluster.interactionsPerTicket)}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{percent(locale, cluster.resolutionRate)}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{cluster.linkedItems}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-slate-800">
                      {cluster.channels
                        .slice(0, 3)
                        .map(
                          (entry) =>
                            `${entry.channel === "unknown" ? t("list.unknownChannel") : t(`items:channel.${entry.channel}`)} ${percent(locale, cluster.size ? entry.tickets / cluster.size : null)}`,
                        )
                        .join(" · ")}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
