import { useCallback, useEffect, useRef } from "react";
import { useRevalidator } from "@remix-run/react";
import { useEventStream, type LiveEventData } from "#app/components/live/use-event-stream";

/**
 * Keeps a wall's data fresh from the display's event stream; a revoked or changed display
 * reloads the page. Returns the stream's status, for the offline badge.
 */
export function useWallLive(token: string) {
  const revalidator = useRevalidator();
  // Refresh the data at most every quarter second while events arrive.
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const refresh = useCallback(() => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      revalidate.current();
    }, 250);
  }, []);
  useEffect(() => () => clearTimeout(pending.current), []);
  const onEvent = useCallback(
    (event: LiveEventData) => {
      if (event.type === "display.revoked" || event.type === "display.updated") window.location.reload();
      else refresh();
    },
    [refresh],
  );
  const onError = useCallback(() => {
    // The stream cannot say why it failed: ask the page whether this display still exists.
    void fetch(window.location.href, { method: "HEAD", cache: "no-store" })
      .then((response) => {
        if (response.status === 410 || response.status === 404) window.location.reload();
      })
      .catch(() => {});
  }, []);
  const status = useEventStream({
    url: `/api/v1/events?display=${encodeURIComponent(token)}`,
    onEvent,
    onReset: refresh,
    onReconnect: refresh,
    onError,
  });
  return status;
}
