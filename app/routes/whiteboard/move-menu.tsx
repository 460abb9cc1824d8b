import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { nextStatuses, type ItemStatus } from "#app/services/workflow";
import type { Note } from "./route";

/** The keyboard (and no-JavaScript) way to move a note: a plain form with a menu. */
export function MoveMenu({ note, onMove }: { note: Note; onMove: (note: Note, to: ItemStatus) => void }) {
  const { t } = useTranslation("items");
  const options = nextStatuses(note.status);
  if (options.length === 0) return null;
  return (
    <Form
      method="post"
      action={`/items/${note.number}`}
      className="mt-2 flex flex-wrap gap-1"
      onSubmit={(event) => {
        event.preventDefault();
        const to = new FormData(event.currentTarget).get("status") as ItemStatus;
        onMove(note, to);
      }}
    >
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="version" value={note.version} />
      <input type="hidden" name="redirectTo" value="/whiteboard" />
      <label htmlFor={`move-${note.number}`} className="sr-only">
        {t("whiteboard.moveLabel", { number: note.number })}
      </label>
      <select
        id={`move-${note.number}`}
        name="status"
        className="min-h-8 min-w-[8.5rem] flex-1 rounded border border-slate-400 bg-white px-1 py-1 text-xs"
      >
        {options.map((status) => (
          <option key={status} value={status}>
            {t(`status.${status}`)}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="min-h-8 shrink-0 rounded bg-white px-2 py-1 text-xs font-semibold text-slate-900 ring-1 ring-slate-400 hover:bg-slate-100"
      >
        {t("whiteboard.moveSubmit")}
      </button>
    </Form>
  );
}
