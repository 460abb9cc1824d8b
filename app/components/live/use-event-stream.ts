import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { loader as rootLoader } from "#app/root";

/** What every live event carries; the rest depends on the type (see app/services/events.server.ts). */
export type LiveEventData = {
  type: string;
  id?: string;
  number?: number;
  votes?: number;
  status?: string;
  comments?: number | null;
  [key: string]: unknown;
};

export type StreamStatus = { state: "connecting" | "open" | "offline"; offlineSince: number | null };

type Options = {
  /** The stream's URL, e.g. "/api/v1/events" or "/api/v1/events?display=…". */
  url: string;
  onEvent: (data: LiveEventData) => void;
  /** The server could not replay what was missed (too old): reload the data instead. */
  onReset?: () => void;
  /** Each time the stream (re)opens after a drop: a chance to refresh what may have changed. */
  onReconnect?: () => void;
  /** Each failed attempt, e.g. to check whether the page itself is still allowed. */
  onError?: () => void;
  enabled?: boolean;
};

const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Subscribes to Server-Sent Events with EventSource. After a drop it reconnects with
 * exponential backoff and jitter, naming the last event seen so the server replays the rest.
 * The first connection starts from the event the page was rendered at (the root loader's
 * `liveSince`), so a change committed between the render and the connection is not lost.
 */
export function useEventStream({ url, onEvent, onReset, onReconnect, onError, enabled = true }: Options): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>({ state: "connecting", offlineSince: null });
  const handlers = useRef({ onEvent, onReset, onReconnect, onError });
  handlers.current = { onEvent, onReset, onReconnect, onError };
  const renderedAt = useRef(useRouteLoaderData<typeof rootLoader>("root")?.liveSince ?? undefined);

  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastEventId: string | undefined = renderedAt.current === undefined ? undefined : String(renderedAt.current);
    let attempt = 0;
    let everOpened = false;
    let stopped = false;
    let offlineSince: number | null = null;

    const connect = () => {
      const target = new URL(url, window.location.href);
      if (lastEventId) target.searchParams.set("lastEventId", lastEventId);
      const current = new EventSource(target.toString());
      source = current;
      current.onopen = () => {
        attempt = 0;
        offlineSince = null;
        setStatus({ state: "open", offlineSince: null });
        if (everOpened) handlers.current.onReconnect?.();
        everOpened = true;
      };
      const remember = (event: MessageEvent) => {
        if (event.lastEventId) lastEventId = event.lastEventId;
      };
      current.addEventListener("ready", remember);
      current.addEventListener("reset", (event) => {
        remember(event as MessageEvent);
        handlers.current.onReset?.();
      });
      current.onmessage = (event: MessageEvent<string>) => {
        remember(event);
        try {
          handlers.current.onEvent(JSON.parse(event.data) as LiveEventData);
        } catch {
          // A malformed event is skipped rather than stopping the stream.
        }
      };
      current.onerror = () => {
        // Reconnect ourselves (not EventSource's fixed retry) to back off and resume by id.
        current.close();
        if (stopped) return;
        offlineSince ??= Date.now();
        setStatus({ state: "offline", offlineSince });
        handlers.current.onError?.();
        const delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** attempt);
        attempt += 1;
        timer = setTimeout(connect, delay / 2 + Math.random() * (delay / 2));
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [url, enabled]);

  return status;
}
