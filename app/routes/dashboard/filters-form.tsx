import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { channel, itemArea } from "#db/schema/enums";
import { buttonClass } from "#app/components/ui/button";
import type { Locale } from "#app/i18n/config";
import { formatDate } from "#app/i18n/format";
import { dashboardRanges } from "#app/schemas/dashboard";
import type { DashboardPageData } from "./route";

const fieldClass =
  "mt-1 block w-full rounded-md border-0 bg-white px-2 py-2 text-sm ring-1 ring-inset ring-slate-400 focus:ring-2 focus:ring-brand-600";

type Props = Pick<DashboardPageData, "query" | "errors" | "period" | "teams"> & { locale: Locale };

/** The period and the team, area and channel filters, sent as a GET so the URL can be shared. */
export function DashboardFilters({ query, errors, period, teams, locale }: Props) {
  const { t } = useTranslation(["dashboard", "items"]);
  const select = (name: "team" | "area" | "channel", options: Array<{ value: string; label: string }>) => (
    <div>
      <label htmlFor={`dashboard-${name}`} className="block text-sm font-medium text-slate-800">
        {t(`dashboard:filters.${name}`)}
      </label>
      <select id={`dashboard-${name}`} name={name} defaultValue={query[name] ?? ""} className={fieldClass}>
        <option value="">{t("dashboard:filters.any")}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
  const dateField = (name: "from" | "to") => (
    <div>
      <label htmlFor={`dashboard-${name}`} className="block text-sm font-medium text-slate-800">
        {t(`dashboard:filters.${name}`)}
      </label>
      <input
        id={`dashboard-${name}`}
        type="date"
        name={name}
        defaultValue={query[name] ?? ""}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `dashboard-${name}-error` : undefined}
        className={fieldClass}
      />
      {errors[name] ? (
        <p id={`dashboard-${name}-error`} className="mt-1 text-sm text-red-800">
          {t(errors[name])}
        </p>
      ) : null}
    </div>
  );

  return (
    <Form method="get" className="rounded-lg bg-white p-4 ring-1 ring-slate-200" aria-labelledby="dashboard-filters">
      <h2 id="dashboard-filters" className="text-sm font-semibold text-slate-900">
        {t("dashboard:filters.legend")}
      </h2>
      <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6">
        <div>
          <label htmlFor="dashboard-range" className="block text-sm font-medium text-slate-800">
            {t("dashboard:filters.range")}
          </label>
          <select id="dashboard-range" name="range" defaultValue={query.range} className={fieldClass}>
            {dashboardRanges.map((range) => (
              <option key={range} value={range}>
                {t(`dashboard:filters.ranges.${range}`)}
              </option>
            ))}
          </select>
        </div>
        {dateField("from")}
        {dateField("to")}
        {select(
          "team",
          teams.map((team) => ({ value: team.id, label: team.name })),
        )}
        {select("area", [
          ...itemArea.enumValues.map((value) => ({ value, label: t(`items:area.${value}`) })),
          { value: "none", label: t("items:form.areaNone") },
        ])}
        {select(
          "channel",
          channel.enumValues.map((value) => ({ value, label: t(`items:channel.${value}`) })),
        )}
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass("primary")}>
          {t("dashboard:filters.apply")}
        </button>
        <Link to="/dashboard" className={buttonClass("secondary")}>
          {t("dashboard:filters.reset")}
        </Link>
        <p className="text-sm text-slate-700" data-testid="dashboard-period">
          {t("dashboard:period", { from: formatDate(locale, period.from), to: formatDate(locale, period.to) })}
        </p>
      </div>
      {Object.keys(errors).length ? (
        <p role="alert" className="mt-3 rounded-md bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-200">
          {t("dashboard:errors.fallback")}
        </p>
      ) : null}
      <p className="mt-3 text-xs text-slate-700">{t("dashboard:filters.ticketsNote")}</p>
    </Form>
  );
}
