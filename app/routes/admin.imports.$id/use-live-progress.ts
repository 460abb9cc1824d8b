import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

export type Progress = {
  status: string;
  percent: number;
  rows: number;
  inserted: number;
  updated: number;
  failed: number;
};

/** Polls the progress resource every second while the import runs, then reloads the page data. */
export function useLiveProgress(id: string, fromServer: Progress, active: boolean): Progress {
  const [live, setLive] = useState<Progress | null>(null);
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const response = await fetch(`/admin/imports/${id}/progress`, { headers: { Accept: "application/json" } });
        if (!response.ok || stopped) return;
        const next = (await response.json()) as Progress;
        setLive(next);
        if (next.status === "succeeded" || next.status === "failed" || next.status === "cancelled") {
          stopped = true;
          clearInterval(timer);
          revalidate.current();
        }
      } catch {
        // The next tick tries again.
      }
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [id, active]);
  return active && live ? live : fromServer;
}

/** The progress the page was loaded with. */
export function toProgress(view: {
  shownStatus: string;
  percent: number;
  rowsProcessed: number;
  inserted: number;
  updated: number;
  failed: number;
}): Progress {
  return {
    status: view.shownStatus,
    percent: view.percent,
    rows: view.rowsProcessed,
    inserted: view.inserted,
    updated: view.updated,
    failed: view.failed,
  };
}
