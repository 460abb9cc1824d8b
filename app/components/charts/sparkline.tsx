import { Line, LineChart } from "recharts";

/** A tiny weekly trend for table cells; decorative, the caller gives the numbers in text. */
export function Sparkline({ values, width = 96, height = 28 }: { values: number[]; width?: number; height?: number }) {
  const data = values.map((value, index) => ({ index, value }));
  return (
    <span aria-hidden="true" className="inline-block align-middle">
      <LineChart
        accessibilityLayer={false}
        width={width}
        height={height}
        data={data}
        margin={{ top: 2, right: 2, bottom: 2, left: 2 }}
      >
        <Line
          type="monotone"
          dataKey="value"
          stroke="#1d4ed8"
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </span>
  );
}
