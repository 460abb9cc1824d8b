import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { detectLocale } from "#app/i18n/i18n.server";
import { hours, percent, signedPercent } from "#app/components/charts/format";
import { PageHeader } from "#app/components/ui/page";
import { defaultLocale, type Locale } from "#app/i18n/config";
import type { loader as rootLoader } from "#app/root";
import { resolveDashboardQuery } from "#app/schemas/dashboard";
import { loadDashboard } from "#app/services/dashboard/index.server";
import { teamChoices } from "#app/services/teams.server";
import { pageTitle } from "#app/i18n/meta";
import { RouteErrorBoundary } from "#app/components/error-page";
import { useDashboardChart } from "./charts";
import { DashboardFilters } from "./filters-form";
import { dashboardFormats } from "./formats";
import { Charts, Section, Stats } from "./layout";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard:title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "dashboard:view");
  const url = new URL(request.url);
  const { query, filters, errors } = resolveDashboardQuery(url.searchParams);
  const db = getDb();
  const [dashboard, teams] = await Promise.all([
    loadDashboard(db, filters, new Date(), await detectLocale(request, user.locale)),
    teamChoices(db),
  ]);
  const csvParams = new URLSearchParams([...url.searchParams].filter(([key]) => key !== "chart")).toString();
  return {
    query,
    errors,
    period: { from: filters.from.toISOString(), to: new Date(filters.to.getTime() - 1).toISOString() },
    dashboard,
    teams,
    csvParams,
  };
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}

export type DashboardPageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function DashboardPage() {
  const { t } = useTranslation(["dashboard", "items"]);
  const { query, errors, period, dashboard, teams, csvParams } = useLoaderData<typeof loader>();
  const locale: Locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const { participation: p, flow: f, promises: pr, outcome: o } = dashboard;
  const { int, dec, days } = dashboardFormats(t, locale);
  const chart = useDashboardChart(dashboard, csvParams, locale);

  return (
    <>
      <PageHeader title={t("dashboard:title")} description={t("dashboard:description")} />

      <DashboardFilters query={query} errors={errors} period={period} teams={teams} locale={locale} />

      <Section id="participation" title={t("dashboard:sections.participation")}>
        <Stats
          items={[
            [t("dashboard:stats.share"), `${percent(locale, p.share)} (${int(p.participants)}/${int(p.people)})`],
          ]}
        />
        <Charts>{(["items-weekly", "votes-weekly", "participation-teams"] as const).map(chart)}</Charts>
      </Section>

      <Section id="flow" title={t("dashboard:sections.flow")}>
        <Stats
          items={[
            [t("dashboard:stats.toAnswer"), hours(locale, f.medianHoursToAnswer)],
            [t("dashboard:stats.toDone"), days(f.medianDaysToDone)],
            [t("dashboard:stats.backlog"), int(f.backlog.items)],
            [t("dashboard:stats.backlogAge"), days(f.backlog.medianAgeDays)],
          ]}
        />
        <Charts>{(["status-funnel", "status-flow", "backlog-age"] as const).map(chart)}</Charts>
      </Section>

      <Section id="promises" title={t("dashboard:sections.promises")}>
        <Stats
          items={[
            [t("dashboard:stats.open"), int(pr.open)],
            [
              t("dashboard:stats.kept"),
              `${percent(locale, pr.keptShare)} (${t("dashboard:units.ofDue", { kept: int(pr.keptOnTime), due: int(pr.due) })})`,
            ],
            [t("dashboard:stats.overdue"), int(pr.overdue)],
            [
              t("dashboard:stats.moves"),
              t("dashboard:units.movedItems", { moves: int(pr.dateMoves), items: int(pr.itemsMoved) }),
            ],
          ]}
        />
        <Charts>{chart("overdue-owners")}</Charts>
      </Section>

      <Section id="outcome" title={t("dashboard:sections.outcome")}>
        <Stats
          items={[
            [t("dashboard:stats.before"), dec(o.beforePerWeek)],
            [t("dashboard:stats.after"), `${dec(o.afterPerWeek)} (${signedPercent(locale, o.changePercent)})`],
          ]}
        />
        <Charts>{(["outcome-weekly", "outcome-items", "outcome-answers"] as const).map(chart)}</Charts>
      </Section>

      <Section id="pain" title={t("dashboard:sections.pain")}>
        <Charts>
          {(["clusters-top", "clusters-growth", "clusters-unaddressed", "channel-mix"] as const).map(chart)}
        </Charts>
      </Section>
    </>
  );
}
