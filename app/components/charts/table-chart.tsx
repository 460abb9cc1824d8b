import { useId } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { Cell, DataTable } from "#app/components/dashboard/tables";

/** Distinct on white and in greyscale order; each passes 4.5:1 against white. */
const palette = ["#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0e7490", "#4d7c0f", "#475569"];

/**
 * How a table is drawn. `horizontal` bars name every bar on their own line (long names such as
 * clusters cannot share an axis); `ref` is a column shown as "#12" before the bar's name;
 * `multiples` draws one small chart per group of series, so many series stay legible.
 */
export type ChartSpec = {
  kind: "bar" | "stacked" | "line";
  x: number;
  series: number[];
  horizontal?: boolean;
  ref?: number;
  multiples?: { groups: Array<{ title: string; series: number[] }>; seriesName: (index: number) => string };
};

const ROW_PX = 30;
const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

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
        const name = formatCell(row[spec.x] ?? null, spec.x);
        const ref = spec.ref === undefined ? null : row[spec.ref];
        const point: Record<string, string | number | null> = {
          x: ref === null || ref === undefined ? name : `#${ref} ${name}`,
        };
        for (const index of spec.series) point[`s${index}`] = row[index] ?? null;
        return point;
      })
    : [];
  const empty = table.rows.length === 0;
  const series = spec?.series ?? [];
  const name = (index: number) => labels[index] ?? "";
  return (
    <figure
      aria-labelledby={headingId}
      data-chart={id}
      className="min-w-0 rounded-lg bg-white p-4 ring-1 ring-slate-200"
    >
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
      ) : spec?.multiples ? (
        <SmallMultiples data={data} groups={spec.multiples.groups} seriesName={spec.multiples.seriesName} />
      ) : spec?.horizontal ? (
        <div aria-hidden="true" className="mt-3 w-full" style={{ height: data.length * ROW_PX + 40 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              accessibilityLayer={false}
              data={data}
              layout="vertical"
              margin={{ top: 4, right: 40, bottom: 0, left: 8 }}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11, fill: "#334155" }} />
              <YAxis type="category" dataKey="x" width={230} interval={0} tick={BarName} />
              <Tooltip />
              {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
              {series.map((index, n) => (
                <Bar
                  key={index}
                  dataKey={`s${index}`}
                  name={name(index)}
                  fill={palette[n % palette.length]}
                  isAnimationActive={false}
                >
                  <LabelList
                    dataKey={`s${index}`}
                    position="right"
                    style={{ fontSize: 11, fill: "#0f172a" }}
                    formatter={(value: unknown) => (typeof value === "number" ? formatCell(value, index) : "")}
                  />
                </Bar>
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
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
                    <th
                      key={table.columns[index]?.id ?? index}
                      scope="col"
                      className="whitespace-nowrap py-1 pr-3 font-medium text-slate-700"
                    >
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

/** A bar's name on one line, cut short when long (the table below has it whole). */
function BarName({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
  return (
    <text x={x} y={y} dy={4} textAnchor="end" fontSize={11} fill="#334155" data-bar-name="">
      {truncate(String(payload?.value ?? ""), 36)}
    </text>
  );
}

/** One small line chart per group (say, each status with what entered and what left it), on one scale. */
function SmallMultiples({
  data,
  groups,
  seriesName,
}: {
  data: Array<Record<string, string | number | null>>;
  groups: Array<{ title: string; series: number[] }>;
  seriesName: (index: number) => string;
}) {
  const top = Math.max(
    1,
    ...data.flatMap((point) => groups.flatMap((group) => group.series.map((index) => Number(point[`s${index}`] ?? 0)))),
  );
  const first = groups[0]?.series ?? [];
  return (
    <div aria-hidden="true" className="mt-3">
      <p className="flex flex-wrap gap-4 text-xs text-slate-800">
        {first.map((index, n) => (
          <span key={index} className="inline-flex items-center gap-1">
            <span
              className="inline-block w-5"
              style={{ borderTop: `2px ${n === 1 ? "dashed" : "solid"} ${palette[n % palette.length]}` }}
            />
            {seriesName(n)}
          </span>
        ))}
      </p>
      <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-4">
        {groups.map((group) => (
          <div key={group.title} className="min-w-0">
            <p className="truncate text-xs font-semibold text-slate-800">{group.title}</p>
            <div className="h-24 w-full">
              <ResponsiveContainer width="100%" height="100%">
                <LineChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 4, bottom: 0, left: -28 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                  <XAxis dataKey="x" tick={false} height={4} />
                  <YAxis allowDecimals={false} domain={[0, top]} tick={{ fontSize: 10, fill: "#334155" }} />
                  {group.series.map((index, n) => (
                    <Line
                      key={index}
                      dataKey={`s${index}`}
                      stroke={palette[n % palette.length]}
                      strokeDasharray={n === 1 ? "4 2" : undefined}
                      strokeWidth={2}
                      dot={false}
                      isAnimationActive={false}
                    />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
