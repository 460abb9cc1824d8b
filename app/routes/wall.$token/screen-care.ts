import { useEffect, useState } from "react";
import { DAY_MS } from "#app/utils/time";

const PIXEL_SHIFT_MS = 3 * 60_000;

/** The time now, again every `intervalMs`. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** A few pixels of drift every few minutes, against burn-in. */
export function usePixelShift(): { x: number; y: number } {
  const [shift, setShift] = useState({ x: 0, y: 0 });
  useEffect(() => {
    const steps = [
      [0, 0],
      [3, 1],
      [2, -3],
      [-2, -2],
      [-3, 2],
      [1, 3],
    ] as const;
    let step = 0;
    const timer = setInterval(() => {
      step = (step + 1) % steps.length;
      const [x, y] = steps[step] ?? [0, 0];
      setShift({ x, y });
    }, PIXEL_SHIFT_MS);
    return () => clearInterval(timer);
  }, []);
  return shift;
}

/** A quiet full reload once a day picks up new versions and clears any slow leak. */
export function useDailyReload() {
  useEffect(() => {
    const timer = setTimeout(() => window.location.reload(), DAY_MS + Math.random() * 60 * 60_000);
    return () => clearTimeout(timer);
  }, []);
}
