import { useId, type ReactNode } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export type SeriesPoint = { label: string; value: number | null };

/**
 * A chart over time with the same numbers as a plain table in a <details> below it, for
 * screen readers and for reading exact values. The chart itself is hidden from assistive tech.
 */
export function SeriesChart({
  title,
  points,
  kind = "line",
  format = (value) => String(value),
  tableLabel,
  columnLabel,
  valueLabel,
  marker,
  footer,
  unit,
}: {
  title: string;
  points: SeriesPoint[];
  kind?: "line" | "bar";
  format?: (value: number) => string;
  /** "Show as a table" */
  tableLabel: string;
  columnLabel: string;
  valueLabel: string;
  /** A vertical line at this point's label, e.g. the done date. */
  marker?: string;
  footer?: ReactNode;
  /** What the values count, e.g. "hours, the week's median": shown under the title, as the axis has no room. */
  unit?: string;
}) {
  const headingId = useId();
  const data = points.map((point) => ({ label: point.label, value: point.value }));
  return (
    <figure aria-labelledby={headingId} className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <figcaption id={headingId} className="text-sm font-semibold text-slate-900">
        {title}
        {unit ? <span className="block text-xs font-normal text-slate-700">{unit}</span> : null}
      </figcaption>
      <div aria-hidden="true" className="mt-2 h-40 w-full">
        <ResponsiveContainer width="100%" height="100%">
          {kind === "bar" ? (
            <BarChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#334155" }} />
              <YAxis
                allowDecimals={false}
                tick={{ fontSize: 11, fill: "#334155" }}
                tickFormatter={(value: number) => format(value)}
                width={56}
              />
              <Tooltip formatter={(value) => (typeof value === "number" ? format(value) : String(value))} />
              {marker ? <ReferenceLine x={marker} stroke="#b91c1c" strokeDasharray="4 2" /> : null}
              <Bar dataKey="value" fill="#1d4ed8" isAnimationActive={false} />
            </BarChart>
          ) : (
            <LineChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#334155" }} />
              <YAxis
                tick={{ fontSize: 11, fill: "#334155" }}
                tickFormatter={(value: number) => format(value)}
                width={56}
              />
              <Tooltip formatter={(value) => (typeof value === "number" ? format(value) : String(value))} />
              <Line
                type="monotone"
                dataKey="value"
                stroke="#1d4ed8"
                strokeWidth={2}
                connectNulls
                isAnimationActive={false}
              />
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
      {footer}
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer font-medium text-brand-700">{tableLabel}</summary>
        <table className="mt-2 w-full text-left">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium text-slate-700">
                {columnLabel}
              </th>
              <th scope="col" className="py-1 font-medium text-slate-700">
                {valueLabel}
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.label} className="border-t border-slate-100">
                <th scope="row" className="py-1 pr-3 font-normal text-slate-800">
                  {point.label}
                </th>
                <td className="py-1 text-slate-900">{point.value === null ? "—" : format(point.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
