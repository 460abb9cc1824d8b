import { Link } from "@remix-run/react";
import type { DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { OverdueBadge } from "#app/components/items/status-badge";
import type { ItemStatus } from "#app/services/workflow";
import { MoveMenu } from "./move-menu";
import { paper } from "./paper";
import type { Note } from "./route";

type Props = {
  status: ItemStatus;
  notes: Note[];
  canMove: boolean;
  /** A note is being dragged over this column. */
  highlighted: boolean;
  onDragOver: () => void;
  onDragLeave: () => void;
  onDrop: (event: DragEvent<HTMLElement>) => void;
  onMove: (note: Note, to: ItemStatus) => void;
};

/** One status column of notes; a manager drops notes on it or moves them with each note's menu. */
export function WhiteboardColumn({
  status,
  notes,
  canMove,
  highlighted,
  onDragOver,
  onDragLeave,
  onDrop,
  onMove,
}: Props) {
  const { t } = useTranslation("items");
  return (
    <section
      aria-labelledby={`column-${status}`}
      onDragOver={canMove ? (event) => (event.preventDefault(), onDragOver()) : undefined}
      onDragLeave={canMove ? onDragLeave : undefined}
      onDrop={canMove ? onDrop : undefined}
      className={`w-72 shrink-0 snap-start rounded-lg p-2 lg:w-auto ${highlighted ? "bg-brand-100 ring-2 ring-brand-600" : "bg-slate-200"}`}
    >
      <h2
        id={`column-${status}`}
        className="flex items-center justify-between gap-2 px-1 pb-2 text-sm font-bold text-slate-900"
      >
        <span className="min-w-0">{t(`status.${status}`)}</span>
        <span className="shrink-0 whitespace-nowrap rounded-full bg-white px-2 text-xs font-semibold text-slate-800">
          {t("whiteboard.count", { count: notes.length })}
        </span>
      </h2>
      {notes.length === 0 ? (
        <p className="px-1 py-4 text-center text-sm text-slate-700">{t("whiteboard.empty")}</p>
      ) : null}
      <ul className="space-y-2">
        {notes.map((note) => (
          <li
            key={note.id}
            draggable={canMove}
            onDragStart={(event) => event.dataTransfer.setData("text/plain", String(note.number))}
            className={`rounded-md p-3 shadow ring-1 ${paper[note.kind]} ${canMove ? "cursor-grab" : ""}`}
          >
            <Link
              to={`/items/${note.number}`}
              className="block font-semibold leading-snug text-slate-900 hover:underline"
            >
              {note.title}
            </Link>
            <p className="mt-1 flex flex-wrap items-center gap-x-2 text-xs text-slate-800">
              {/* The colour says it too, but not to everyone. */}
              <span className="font-semibold uppercase">{t(`kind.${note.kind}`)}</span>
              <span>#{note.number}</span>
              <span>{t("card.votes", { count: note.votes })}</span>
              {note.ownerName ? <span>{note.ownerName}</span> : null}
              {note.overdue ? <OverdueBadge /> : null}
            </p>
            {canMove ? <MoveMenu note={note} onMove={onMove} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
