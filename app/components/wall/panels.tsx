import { useEffect, useRef, useState, type ReactNode } from "react";
import type { TFunction } from "i18next";

export type WallNote = { id: string; number: number; title: string; kind: string; status: string; votes: number };
export type WallTrends = {
  clusters: Array<{ id: string; number: number; label: string; weeks: number[]; growth: number }>;
  weekStarts: string[];
};
export type WallDone = WallNote & {
  ownerName: string | null;
  doneAt: string | null;
  ticketChange: { before: number; after: number; percent: number } | null;
};

/** A number that glows briefly when it changes (not when it first appears). */
export function LiveCount({ value, className = "" }: { value: number; className?: string }) {
  const first = useRef(value);
  const [changed, setChanged] = useState(false);
  useEffect(() => {
    if (value !== first.current) setChanged(true);
  }, [value]);
  return (
    <span key={changed ? value : "initial"} className={`${changed ? "fb-wall-pulse" : ""} px-1 tabular-nums ${className}`}>
      {value}
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

/** Sticky notes in status columns. */
export function WhiteboardPanel({ t, columns }: { t: TFunction; columns: Array<{ status: string; notes: WallNote[] }> }) {
  return (
    <PanelFrame title={t("wall:panels.whiteboard")}>
      <div className="grid h-full grid-cols-5 gap-[1rem]">
        {columns.map((column) => (
          <div key={column.status} className={`flex min-h-0 flex-col border-t-[0.3rem] pt-[0.6rem] ${columnAccent[column.status] ?? "border-slate-400"}`}>
            <h3 className="mb-[0.6rem] text-[1.3rem] font-semibold uppercase tracking-wide text-slate-200">
              {t(`items:status.${column.status}`)} <span className="text-slate-400">({column.notes.length})</span>
            </h3>
            <ul className="flex min-h-0 flex-col gap-[0.6rem] overflow-hidden">
              {column.notes.map((note) => (
                <li key={note.id} className="fb-wall-enter rounded-[0.4rem] bg-yellow-200 p-[0.7rem] text-slate-950 shadow-lg">
                  <p className="line-clamp-3 text-[1.15rem] font-semibold leading-snug">{note.title}</p>
                  <p className="mt-[0.3rem] flex justify-between text-[1rem] font-medium text-slate-800">
                    <span>#{note.number}</span>
                    <span>
                      ▲ <LiveCount value={note.votes} />
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

function ItemRow({ note, meta, t }: { note: WallNote; meta?: ReactNode; t: TFunction }) {
  return (
    <li className="fb-wall-enter flex items-center gap-[1.2rem] rounded-[0.6rem] bg-slate-800 px-[1.2rem] py-[0.9rem]">
      <div className="flex w-[5.5rem] shrink-0 flex-col items-center rounded-[0.5rem] bg-slate-950 py-[0.4rem]">
        <span className="text-[2rem] font-bold leading-none text-yellow-300">
          <LiveCount value={note.votes} />
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

export function ListPanel({ title, empty, notes, t, meta }: { title: string; empty: string; notes: WallNote[]; t: TFunction; meta?: (note: WallNote) => ReactNode }) {
  return (
    <PanelFrame title={title}>
      {notes.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        <ul className="flex flex-col gap-[0.8rem]">
          {notes.map((note) => (
            <ItemRow key={note.id} note={note} t={t} meta={meta?.(note)} />
          ))}
        </ul>
      )}
    </PanelFrame>
  );
}

export function DonePanel({ t, items }: { t: TFunction; items: WallDone[] }) {
  return (
    <PanelFrame title={t("wall:panels.done")}>
      {items.length === 0 ? (
        <Empty>{t("wall:empty.done")}</Empty>
      ) : (
        <ul className="flex flex-col gap-[0.8rem]">
          {items.map((item) => (
            <li key={item.id} className="fb-wall-enter rounded-[0.6rem] border-l-[0.4rem] border-emerald-400 bg-slate-800 px-[1.2rem] py-[0.9rem]">
              <p className="truncate text-[1.6rem] font-semibold text-white">
                <span aria-hidden="true">✓ </span>
                {item.title}
              </p>
              <p className="mt-[0.2rem] text-[1.1rem] text-slate-200">
                #{item.number} · {item.ownerName ? t("wall:doneBy", { name: item.ownerName }) : t("wall:doneNoOwner")}
                {item.ticketChange ? (
                  <>
                    {" · "}
                    <span className={item.ticketChange.percent <= 0 ? "font-semibold text-emerald-300" : "font-semibold text-amber-300"}>
                      {t("wall:ticketChange", {
                        percent: `${item.ticketChange.percent > 0 ? "+" : ""}${item.ticketChange.percent}`,
                        before: item.ticketChange.before,
                        after: item.ticketChange.after,
                      })}
                    </span>
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
        <img src={svgDataUrl} alt={t("wall:qrAlt")} className="aspect-square h-[70%] rounded-[1rem] bg-white p-[1.2rem]" />
        <div className="max-w-[40%]">
          <p className="text-[3rem] font-bold leading-tight text-white">{t("wall:qrInvite")}</p>
          <p className="mt-[1.2rem] break-all text-[1.4rem] text-slate-300">{url}</p>
        </div>
      </div>
    </PanelFrame>
  );
}
