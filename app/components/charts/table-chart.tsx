import { useId } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Cell, DataTable } from "#app/components/dashboard/tables";

/** Distinct on white and in greyscale order; each passes 4.5:1 against white. */
const palette = ["#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0e7490", "#4d7c0f", "#475569"];

export type ChartSpec = { kind: "bar" | "stacked" | "line"; x: number; series: number[] };

/**
 * A chart drawn from a table with several series, the same table behind a <details> toggle,
 * a sentence saying what it shows and a CSV link. The drawing is hidden from assistive tech:
 * the sentence and the table carry the content.
 */
export function TableChart({
  id,
  title,
  summary,
  table,
  spec,
  columnLabel,
  formatCell,
  tableLabel,
  csvLabel,
  csvHref,
  emptyLabel,
}: {
  id: string;
  title: string;
  summary: string;
  table: DataTable;
  spec?: ChartSpec;
  columnLabel: (columnId: string) => string;
  formatCell: (value: Cell, columnIndex: number) => string;
  tableLabel: string;
  csvLabel: string;
  csvHref: string;
  emptyLabel: string;
}) {
  const headingId = useId();
  const labels = table.columns.map((column) => columnLabel(column.id));
  const data = spec
    ? table.rows.map((row) => {
        const point: Record<string, string | number | null> = { x: formatCell(row[spec.x] ?? null, spec.x) };
        for (const index of spec.series) point[`s${index}`] = row[index] ?? null;
        return point;
      })
    : [];
  const empty = table.rows.length === 0;
  const series = spec?.series ?? [];
  const name = (index: number) => labels[index] ?? "";
  return (
    <figure aria-labelledby={headingId} data-chart={id} className="min-w-0 rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <figcaption>
        <h3 id={headingId} className="text-base font-semibold text-slate-900">
          {title}
        </h3>
        <p className="mt-1 text-sm text-slate-700" data-summary>
          {summary}
        </p>
      </figcaption>
      {empty ? (
        <p className="mt-3 text-sm text-slate-700">{emptyLabel}</p>
      ) : spec ? (
        <div aria-hidden="true" className="mt-3 h-56 w-full">
          <ResponsiveContainer width="100%" height="100%">
            {spec.kind === "line" ? (
              <LineChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                <XAxis dataKey="x" tick={{ fontSize: 11, fill: "#334155" }} />
                <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#334155" }} />
                <Tooltip />
                {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
                {series.map((index, n) => (
                  <Line
                    key={index}
                    type="monotone"
                    dataKey={`s${index}`}
                    name={name(index)}
                    stroke={palette[n % palette.length]}
                    strokeWidth={2}
                    connectNulls
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            ) : (
              <BarChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                <XAxis dataKey="x" tick={{ fontSize: 11, fill: "#334155" }} />
                <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#334155" }} />
                <Tooltip />
                {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
                {series.map((index, n) => (
                  <Bar
                    key={index}
                    dataKey={`s${index}`}
                    name={name(index)}
                    fill={palette[n % palette.length]}
                    stackId={spec.kind === "stacked" ? "a" : undefined}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            )}
          </ResponsiveContainer>
        </div>
      ) : null}
      <div className="mt-2 flex flex-wrap items-start justify-between gap-2 text-sm">
        <details className="min-w-0 flex-1" open={!spec && !empty ? true : undefined}>
          <summary className="cursor-pointer font-medium text-brand-700">{tableLabel}</summary>
          <div className="mt-2 overflow-x-auto">
            <table className="w-full text-left">
              <caption className="sr-only">{title}</caption>
              <thead>
                <tr>
                  {labels.map((label, index) => (
                    <th key={table.columns[index]?.id ?? index} scope="col" className="whitespace-nowrap py-1 pr-3 font-medium text-slate-700">
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, rowIndex) => (
                  <tr key={rowIndex} className="border-t border-slate-100">
                    {row.map((value, index) =>
                      index === 0 ? (
                        <th key={index} scope="row" className="py-1 pr-3 font-normal text-slate-800">
                          {formatCell(value, index)}
                        </th>
                      ) : (
                        <td key={index} className="py-1 pr-3 text-slate-900">
                          {formatCell(value, index)}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
        <a href={csvHref} download className="font-medium text-brand-700 underline">
          {csvLabel}
          <span className="sr-only">: {title}</span>
        </a>
      </div>
    </figure>
  );
}
