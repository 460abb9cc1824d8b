import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "#app/components/ui/button";
import { ErrorList } from "#app/components/ui/field";
import { requirementsFor } from "#app/services/workflow";
import type { MoveResult, Pending } from "./route";

/** What a move still needs (owner, date, reason, the surviving item), asked for in a dialog. */
export function MoveDialog({
  pending,
  people,
  onClose,
}: {
  pending: Pending;
  people: Array<{ id: string; name: string }>;
  onClose: () => void;
}) {
  const { t } = useTranslation("items");
  const dialog = useRef<HTMLDialogElement>(null);
  const fetcher = useFetcher<MoveResult>();
  const needs = requirementsFor(pending.to);
  const errors = fetcher.data?.status?.error ?? null;

  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && !fetcher.data.status?.error) onClose();
  }, [fetcher.state, fetcher.data, onClose]);

  const inputClass = "mt-1 block w-full rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-400";
  return (
    // m-auto: the reset's margin 0 would pin a modal dialog to the top-left corner.
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="move-title"
      className="m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-md rounded-lg p-0 backdrop:bg-slate-900/50"
    >
      <fetcher.Form method="post" action={`/items/${pending.note.number}`} className="space-y-4 p-6">
        <h2 id="move-title" className="text-lg font-semibold text-slate-900">
          {t("whiteboard.dialogTitle", { number: pending.note.number, status: t(`status.${pending.to}`) })}
        </h2>
        <input type="hidden" name="intent" value="status" />
        <input type="hidden" name="status" value={pending.to} />
        <input type="hidden" name="version" value={pending.note.version} />
        <ErrorList errors={errors?.[""] ?? errors?.status ?? null} />
        {needs.owner ? (
          <div>
            <label htmlFor="move-owner" className="block text-sm font-medium text-slate-800">
              {t("item.owner")}
            </label>
            <select id="move-owner" name="ownerId" defaultValue={pending.note.ownerId ?? ""} className={inputClass}>
              <option value="">{t("item.noOwner")}</option>
              {people.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
            <ErrorList errors={errors?.ownerId ?? null} />
          </div>
        ) : null}
        {needs.targetDate ? (
          <div>
            <label htmlFor="move-date" className="block text-sm font-medium text-slate-800">
              {t("item.targetDate")}
            </label>
            <input
              id="move-date"
              type="date"
              name="targetDate"
              defaultValue={pending.note.targetDate ?? ""}
              className={inputClass}
            />
            <ErrorList errors={errors?.targetDate ?? null} />
          </div>
        ) : null}
        {needs.duplicateOf ? (
          <div>
            <label htmlFor="move-duplicate" className="block text-sm font-medium text-slate-800">
              {t("item.duplicateOf")}
            </label>
            <input id="move-duplicate" name="duplicateOf" inputMode="numeric" className={inputClass} />
            <ErrorList errors={errors?.duplicateOf ?? null} />
          </div>
        ) : null}
        <div>
          <label htmlFor="move-note" className="block text-sm font-medium text-slate-800">
            {t("item.note")}
          </label>
          <textarea id="move-note" name="note" rows={3} className={inputClass} />
          <ErrorList errors={errors?.note ?? null} />
        </div>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={() => dialog.current?.close()}>
            {t("whiteboard.cancel")}
          </Button>
          <Button disabled={fetcher.state !== "idle"}>{t("whiteboard.confirm")}</Button>
        </div>
      </fetcher.Form>
    </dialog>
  );
}
