import { useEffect, useRef, useState, type ReactNode } from "react";
import type { TFunction } from "i18next";
import type { Locale } from "#app/i18n/config";
import { formatNumber } from "#app/i18n/format";

export type WallNote = { id: string; number: number; title: string; kind: string; status: string; votes: number };
export type WallTrends = {
  clusters: Array<{ id: string; number: number; label: string; weeks: number[]; growth: number }>;
  active: number;
  weekStarts: string[];
};
export type WallDone = WallNote & {
  ownerName: string | null;
  doneAt: string | null;
  ticketChange: { before: number; after: number; percent: number } | null;
};

/** A number that glows briefly when it changes (not when it first appears). */
function LiveCount({ value, locale, className = "" }: { value: number; locale: Locale; className?: string }) {
  const first = useRef(value);
  const [changed, setChanged] = useState(false);
  useEffect(() => {
    if (value !== first.current) setChanged(true);
  }, [value]);
  return (
    <span
      key={changed ? value : "initial"}
      className={`${changed ? "fb-wall-pulse" : ""} px-1 tabular-nums ${className}`}
    >
      {formatNumber(locale, value)}
    </span>
  );
}

export function PanelFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="fb-wall-panel flex h-full min-h-0 flex-col" aria-labelledby="wall-panel-title">
      <h2 id="wall-panel-title" className="mb-[1.2rem] text-[2.4rem] font-bold leading-tight text-white">
        {title}
      </h2>
      <div className="min-h-0 flex-1">{children}</div>
    </section>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="mt-[4rem] text-center text-[1.8rem] text-slate-300">{children}</p>;
}

const columnAccent: Record<string, string> = {
  new: "border-sky-400",
  under_review: "border-violet-400",
  planned: "border-amber-400",
  in_progress: "border-orange-400",
  done: "border-emerald-400",
};

export type WallColumn = { status: string; total: number; notes: WallNote[] };

/** Sticky notes in status columns: the most-voted few, and how many the column really holds. */
export function WhiteboardPanel({ t, columns, locale }: { t: TFunction; columns: WallColumn[]; locale: Locale }) {
  return (
    <PanelFrame title={t("wall:panels.whiteboard")}>
      <div className="grid h-full grid-cols-5 gap-[1rem]">
        {columns.map((column) => (
          <div
            key={column.status}
            className={`flex min-h-0 flex-col border-t-[0.3rem] pt-[0.6rem] ${columnAccent[column.status] ?? "border-slate-400"}`}
          >
            <h3 className="truncate text-[1.3rem] font-semibold uppercase tracking-wide text-slate-200">
              {t(`items:status.${column.status}`)}
            </h3>
            <p className="mb-[0.6rem] truncate text-[1.05rem] text-slate-300" data-testid="column-count">
              {column.total > column.notes.length
                ? t("wall:columnTop", {
                    total: formatNumber(locale, column.total),
                    shown: formatNumber(locale, column.notes.length),
                  })
                : t("wall:columnAll", { count: column.total })}
            </p>
            <ul className="flex min-h-0 flex-col gap-[0.6rem] overflow-hidden">
              {column.notes.map((note) => (
                <li
                  key={note.id}
                  className="fb-wall-enter rounded-[0.4rem] bg-yellow-200 p-[0.7rem] text-slate-950 shadow-lg"
                >
                  <p className="line-clamp-3 text-[1.15rem] font-semibold leading-snug">{note.title}</p>
                  <p className="mt-[0.3rem] flex justify-between text-[1rem] font-medium text-slate-800">
                    <span>#{note.number}</span>
                    <span>
                      ▲ <LiveCount value={note.votes} locale={locale} />
                    </span>
                  </p>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </PanelFrame>
  );
}

function ItemRow({ note, meta, t, locale }: { note: WallNote; meta?: ReactNode; t: TFunction; locale: Locale }) {
  return (
    <li className="fb-wall-enter flex items-center gap-[1.2rem] rounded-[0.6rem] bg-slate-800 px-[1.2rem] py-[0.9rem]">
      <div className="flex w-[5.5rem] shrink-0 flex-col items-center rounded-[0.5rem] bg-slate-950 py-[0.4rem]">
        <span className="text-[2rem] font-bold leading-none text-yellow-300">
          <LiveCount value={note.votes} locale={locale} />
        </span>
        <span className="text-[0.9rem] uppercase text-slate-300">{t("wall:votesLabel")}</span>
      </div>
      <div className="min-w-0 flex-1">
        <p className="truncate text-[1.6rem] font-semibold text-white">{note.title}</p>
        <p className="mt-[0.2rem] text-[1.1rem] text-slate-300">
          #{note.number} · {t(`items:kind.${note.kind}`)} · {t(`items:status.${note.status}`)}
          {meta ? <> · {meta}</> : null}
        </p>
      </div>
    </li>
  );
}

export function ListPanel({
  title,
  empty,
  notes,
  t,
  locale,
  meta,
}: {
  title: string;
  empty: string;
  notes: WallNote[];
  t: TFunction;
  locale: Locale;
  meta?: (note: WallNote) => ReactNode;
}) {
  return (
    <PanelFrame title={title}>
      {notes.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <ul className="flex flex-col gap-[0.8rem]">
          {notes.map((note) => (
            <ItemRow key={note.id} note={note} t={t} locale={locale} meta={meta?.(note)} />
          ))}
        </ul>
      )}
    </PanelFrame>
  );
}

/** Tickets since an item was done: fewer is the good news, more is a warning, in words and colour. */
function TicketChange({
  t,
  locale,
  change,
}: {
  t: TFunction;
  locale: Locale;
  change: NonNullable<WallDone["ticketChange"]>;
}) {
  const direction = ticketDirection(change.percent);
  const values = {
    percent: formatNumber(locale, Math.abs(change.percent) / 100, { style: "percent", maximumFractionDigits: 0 }),
    before: formatNumber(locale, change.before, { maximumFractionDigits: 1 }),
    after: formatNumber(locale, change.after, { maximumFractionDigits: 1 }),
  };
  const style = { down: "text-emerald-300", up: "text-amber-300", steady: "text-slate-200" }[direction];
  const icon = { down: "▼ ", up: "⚠ ", steady: "" }[direction];
  return (
    <span className={`font-semibold ${style}`} data-direction={direction}>
      <span aria-hidden="true">{icon}</span>
      {t(`wall:tickets.${direction}`, values)}
    </span>
  );
}

/** Within ±2 % the volume has not really moved. */
function ticketDirection(percent: number): "up" | "down" | "steady" {
  if (percent >= 2) return "up";
  if (percent <= -2) return "down";
  return "steady";
}

export function DonePanel({ t, items, locale }: { t: TFunction; items: WallDone[]; locale: Locale }) {
  return (
    <PanelFrame title={t("wall:panels.done")}>
      {items.length === 0 ? (
        <Empty>{t("wall:empty.done")}</Empty>
      ) : (
        <ul className="flex flex-col gap-[0.8rem]">
          {items.map((item) => (
            <li
              key={item.id}
              className="fb-wall-enter rounded-[0.6rem] border-l-[0.4rem] border-emerald-400 bg-slate-800 px-[1.2rem] py-[0.9rem]"
            >
              <p className="truncate text-[1.6rem] font-semibold text-white">
                <span aria-hidden="true">✓ </span>
                {item.title}
              </p>
              <p className="mt-[0.2rem] text-[1.1rem] text-slate-200">
                #{item.number} · {item.ownerName ? t("wall:doneBy", { name: item.ownerName }) : t("wall:doneNoOwner")}
                {item.ticketChange ? (
                  <>
                    {" · "}
                    <TicketChange t={t} locale={locale} change={item.ticketChange} />
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </PanelFrame>
  );
}

export function QrPanel({ t, svgDataUrl, url }: { t: TFunction; svgDataUrl: string; url: string }) {
  return (
    <PanelFrame title={t("wall:panels.qr")}>
      <div className="flex h-full items-center justify-center gap-[4rem]">
        <img
          src={svgDataUrl}
          alt={t("wall:qrAlt")}
          className="aspect-square h-[70%] rounded-[1rem] bg-white p-[1.2rem]"
        />
        <div className="max-w-[40%]">
          <p className="text-[3rem] font-bold leading-tight text-white">{t("wall:qrInvite")}</p>
          <p className="mt-[1.2rem] break-all text-[1.4rem] text-slate-300">{url}</p>
        </div>
      </div>
    </PanelFrame>
  );
}
