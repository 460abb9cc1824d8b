import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useEventStream, type LiveEventData } from "./use-event-stream";

// Items are known by number: every item event carries it, and the board sends no ids.
type LiveFields = { number: number; votes: number; status: string; comments: number };

/**
 * Keeps a list of items current in place: vote counts, statuses and comment counts change
 * as events arrive, while new items are only counted, so the list never moves under the
 * reader's finger. `showNew` loads them.
 */
export function useLiveItems<T extends LiveFields>(items: T[]) {
  const revalidator = useRevalidator();
  const [patches, setPatches] = useState<Record<number, Partial<LiveFields>>>({});
  const [newCount, setNewCount] = useState(0);
  const shown = useRef(new Set<number>());

  // Fresh loader data already includes everything received so far.
  useEffect(() => {
    shown.current = new Set(items.map((item) => item.number));
    setPatches({});
    setNewCount(0);
  }, [items]);

  const onEvent = useCallback((event: LiveEventData) => {
    if (typeof event.number !== "number") return;
    const number = event.number;
    if (event.type === "item.created") {
      if (!shown.current.has(number)) setNewCount((count) => count + 1);
      return;
    }
    if (!shown.current.has(number)) return;
    const patch: Partial<LiveFields> = {};
    if (typeof event.votes === "number") patch.votes = event.votes;
    if (event.type === "item.status" && typeof event.status === "string") patch.status = event.status;
    if (event.type.startsWith("comment.") && typeof event.comments === "number") patch.comments = event.comments;
    if (Object.keys(patch).length > 0)
      setPatches((current) => ({ ...current, [number]: { ...current[number], ...patch } }));
  }, []);

  useEventStream({ url: "/api/v1/events", onEvent, onReset: () => revalidator.revalidate() });

  const showNew = useCallback(() => {
    revalidator.revalidate();
    window.scrollTo({ top: 0, behavior: "smooth" });
  }, [revalidator]);

  const live = items.map((item) => {
    const patch = patches[item.number];
    return patch ? { ...item, ...patch } : item;
  });
  return { items: live, newCount, showNew };
}

/** "3 new items": a button that loads them, instead of inserting them under the reader. */
export function NewItemsBar({ count, onShow }: { count: number; onShow: () => void }) {
  const { t } = useTranslation("live");
  return (
    <div aria-live="polite" className="sticky top-2 z-10 mt-3 flex justify-center empty:hidden">
      {count > 0 ? (
        <button
          type="button"
          onClick={onShow}
          className="rounded-full bg-brand-700 px-4 py-2 text-sm font-semibold text-white shadow-lg hover:bg-brand-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2"
        >
          {t("newItems", { count })}
        </button>
      ) : null}
    </div>
  );
}

/**
 * Reloads the page's data when an event concerns it, at most once per `delayMs`, so a burst
 * of votes costs one request. `matches` picks the events that matter; `onMatch` sees each of
 * them at once, to change the page in place before the fresh data arrives.
 */
export function useLiveRevalidation(
  matches: (event: LiveEventData) => boolean,
  { delayMs = 400, onMatch }: { delayMs?: number; onMatch?: (event: LiveEventData) => void } = {},
) {
  const revalidator = useRevalidator();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const match = useRef(matches);
  match.current = matches;
  const matched = useRef(onMatch);
  matched.current = onMatch;
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;

  const schedule = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      revalidate.current();
    }, delayMs);
  }, [delayMs]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const onEvent = useCallback(
    (event: LiveEventData) => {
      if (!match.current(event)) return;
      matched.current?.(event);
      schedule();
    },
    [schedule],
  );
  useEventStream({ url: "/api/v1/events", onEvent, onReset: schedule, onReconnect: schedule });
}
