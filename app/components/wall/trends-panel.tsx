import type { TFunction } from "i18next";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from "recharts";
import type { Locale } from "#app/i18n/config";
import { formatNumber, getDisplayTimeZone } from "#app/i18n/format";
import { PanelFrame, type WallTrends } from "./panels";

const lineColors = ["#facc15", "#38bdf8", "#f472b6", "#4ade80", "#fb923c"];

/** Weekly tickets of the clusters growing fastest. */
export function TrendsPanel({ t, trends, locale }: { t: TFunction; trends: WallTrends; locale: Locale }) {
  if (trends.clusters.length === 0) {
    return (
      <PanelFrame title={t("wall:panels.trends")}>
        <p className="mt-[4rem] text-center text-[1.8rem] text-slate-300">
          {t(trends.active > 0 ? "wall:empty.trendsFlat" : "wall:empty.trends")}
        </p>
      </PanelFrame>
    );
  }
  const week = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: getDisplayTimeZone() });
  const count = (value: number) => formatNumber(locale, value);
  const rows = trends.weekStarts.map((start, index) => {
    const row: Record<string, string | number> = { week: week.format(new Date(start)) };
    for (const cluster of trends.clusters) row[cluster.id] = cluster.weeks[index] ?? 0;
    return row;
  });
  return (
    <PanelFrame title={t("wall:panels.trends")}>
      <div className="flex h-full gap-[2rem]">
        <figure className="h-full min-w-0 flex-1" aria-label={t("wall:trendsChart")}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 10, right: 30, bottom: 10, left: 0 }}>
              <CartesianGrid stroke="#334155" strokeDasharray="4 4" />
              <XAxis dataKey="week" stroke="#cbd5e1" tick={{ fill: "#e2e8f0", fontSize: "1rem" }} />
              <YAxis
                stroke="#cbd5e1"
                tick={{ fill: "#e2e8f0", fontSize: "1rem" }}
                allowDecimals={false}
                tickFormatter={count}
              />
              <Legend wrapperStyle={{ fontSize: "1.1rem", color: "#f8fafc" }} />
              {trends.clusters.map((cluster, index) => (
                <Line
                  key={cluster.id}
                  dataKey={cluster.id}
                  name={cluster.label}
                  stroke={lineColors[index % lineColors.length]}
                  strokeWidth={4}
                  dot={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </figure>
        <ul className="w-[30%] space-y-[0.8rem]">
          {trends.clusters.map((cluster, index) => (
            <li key={cluster.id} className="rounded-[0.6rem] bg-slate-800 px-[1rem] py-[0.7rem]">
              <p className="truncate text-[1.3rem] font-semibold text-white">
                <span aria-hidden="true" style={{ color: lineColors[index % lineColors.length] }}>
                  ●{" "}
                </span>
                {cluster.label}
              </p>
              <p className="text-[1.1rem] text-slate-300">
                {t("wall:trendGrowth", {
                  count: cluster.weeks.at(-1) ?? 0,
                  growth: formatNumber(locale, cluster.growth, { maximumFractionDigits: 1, signDisplay: "exceptZero" }),
                })}
              </p>
            </li>
          ))}
        </ul>
      </div>
    </PanelFrame>
  );
}
