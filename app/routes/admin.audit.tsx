import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { buttonClass } from "#app/components/ui/button";
import { Card, EmptyState, PageHeader } from "#app/components/ui/page";
import { defaultLocale } from "#app/i18n/config";
import { formatDateTime } from "#app/i18n/format";
import type { loader as rootLoader } from "#app/root";
import { describeAuditDetails } from "#app/components/admin/audit-details";
import { listAudit } from "#app/services/audit.server";
import { readSearchParams } from "#app/utils/http.server";
import { listTeams } from "#app/services/teams.server";
import { pageTitle } from "#app/i18n/meta";

const QuerySchema = z.object({ before: z.coerce.number().int().positive().optional().catch(undefined) });

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin:audit.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "audit:view");
  const { before } = QuerySchema.parse(readSearchParams(request));
  const db = getDb();
  const [audit, teams] = await Promise.all([listAudit(db, { before }), listTeams(db)]);
  // Details name teams by id: the page shows their names.
  return { ...audit, teams: Object.fromEntries(teams.map((team) => [team.id, team.name])) as Record<string, string> };
}

export default function AuditPage() {
  const { t } = useTranslation();
  const { entries, nextBefore, teams } = useLoaderData<typeof loader>();
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  return (
    <>
      <PageHeader title={t("admin:audit.title")} description={t("admin:audit.description")} />
      {entries.length === 0 ? (
        <EmptyState title={t("admin:audit.empty")} />
      ) : (
        <Card className="overflow-x-auto p-0 sm:p-0">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">{t("admin:audit.title")}</caption>
            <thead className="bg-slate-100 text-left">
              <tr>
                <th scope="col" className="px-4 py-2 font-semibold">
                  {t("admin:audit.when")}
                </th>
                <th scope="col" className="px-4 py-2 font-semibold">
                  {t("admin:audit.who")}
                </th>
                <th scope="col" className="px-4 py-2 font-semibold">
                  {t("admin:audit.what")}
                </th>
                <th scope="col" className="px-4 py-2 font-semibold">
                  {t("admin:audit.details")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="whitespace-nowrap px-4 py-2">{formatDateTime(locale, entry.createdAt)}</td>
                  <td className="px-4 py-2">
                    {entry.actorName ?? (entry.anonymousActor ? t("admin:audit.anonymous") : t("admin:audit.system"))}
                  </td>
                  <td className="px-4 py-2">
                    {t(`admin:audit.actions.${entry.action}`, { defaultValue: entry.action })}
                  </td>
                  <td className="max-w-md px-4 py-2 text-xs text-slate-800">
                    <AuditDetails
                      details={describeAuditDetails(entry.details, { t, locale, teamName: (id) => teams[id] })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
      {nextBefore ? (
        <Link to={`?before=${nextBefore}`} className={buttonClass("secondary", "mt-4")}>
          {t("admin:audit.older")}
        </Link>
      ) : null}
    </>
  );
}

function AuditDetails({ details }: { details: Array<{ label: string; value: string }> }) {
  if (details.length === 0) return null;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2">
      {details.map((detail) => (
        <div key={`${detail.label}-${detail.value}`} className="contents">
          <dt className="font-medium text-slate-700">{detail.label}</dt>
          <dd className="break-words">{detail.value}</dd>
        </div>
      ))}
    </dl>
  );
}
