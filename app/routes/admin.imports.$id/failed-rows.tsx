import { useTranslation } from "react-i18next";
import { buttonClass } from "#app/components/ui/button";
import type { RowError } from "#app/services/tickets/imports.server";
import { ProblemList } from "./problem-list";

type Props = { view: { id: string; failed: number }; errors: RowError[] };

/** The rows that were not imported, with their lines and problems, and the CSV of all of them. */
export function FailedRows({ view, errors }: Props) {
  const { t } = useTranslation();
  if (errors.length === 0) return null;
  return (
    <section className="mt-8">
      <h2 className="mb-3 text-lg font-semibold">{t("tickets:progress.failedTitle")}</h2>
      {view.failed > errors.length ? (
        <p className="mb-2 text-sm text-slate-700">
          {t("tickets:progress.failedMore", { shown: errors.length, count: view.failed })}
        </p>
      ) : null}
      <a href={`/admin/imports/${view.id}/errors.csv`} className={buttonClass("secondary", "mb-3")} download>
        {t("tickets:progress.download")}
      </a>
      <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2">
                {t("tickets:preview.line")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("tickets:progress.externalId")}
              </th>
              <th scope="col" className="px-3 py-2">
                {t("tickets:progress.problem")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 align-top">
            {errors.map((error) => (
              <tr key={error.line}>
                <td className="px-3 py-2 tabular-nums">{error.line}</td>
                <td className="px-3 py-2">{error.externalId ?? "—"}</td>
                <td className="px-3 py-2 text-red-800">
                  <ProblemList problems={error.problems} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
