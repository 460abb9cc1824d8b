import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { itemKind } from "#db/schema/enums";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { OverdueBadge } from "#app/components/items/status-badge";
import { Button, buttonClass } from "#app/components/ui/button";
import { ErrorList } from "#app/components/ui/field";
import { can } from "#app/services/permissions";
import { listWhiteboard, type WhiteboardNote } from "#app/services/whiteboard.server";
import { listAssignableUsers } from "#app/services/users.server";
import { checkTransition, nextStatuses, requirementsFor, type ItemStatus } from "#app/services/workflow";
import { useLiveRevalidation } from "#app/components/live/live-items";
import { readSearchParams } from "#app/utils/http.server";
import { pageTitle } from "#app/i18n/meta";

const FilterSchema = z.object({
  team: z.uuid().optional().catch(undefined),
  tag: z.string().trim().toLowerCase().max(30).optional().catch(undefined),
});

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "items:whiteboard.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "board:view");
  const filters = FilterSchema.parse(readSearchParams(request));
  const db = getDb();
  const canMove = can(user.role, "item:change-status");
  const [columns, people] = await Promise.all([
    listWhiteboard(db, filters),
    canMove ? listAssignableUsers(db) : Promise.resolve([]),
  ]);
  return { columns, people: people.map(({ id, name }) => ({ id, name })), canMove };
}

type Note = Omit<WhiteboardNote, "targetDate"> & { targetDate: string | null };
type Pending = { note: Note; to: ItemStatus };
type MoveResult = { status?: { error?: Record<string, string[] | null> | null } };

// Ideas and insights get different paper colours; text stays dark for contrast.
const paper = { idea: "bg-amber-100 ring-amber-300", insight: "bg-sky-100 ring-sky-300" } as const;

export default function WhiteboardPage() {
  const { t } = useTranslation("items");
  const { columns, people, canMove } = useLoaderData<typeof loader>();
  // Notes move and counts change as people vote and managers move items elsewhere.
  useLiveRevalidation((event) => event.type.startsWith("item."));
  const [pending, setPending] = useState<Pending | null>(null);
  const [dropTarget, setDropTarget] = useState<ItemStatus | null>(null);
  const mover = useFetcher<MoveResult>();

  function requestMove(note: Note, to: ItemStatus) {
    // The server's rules: what the note lacks (a reason, the surviving item…) is asked for in a dialog.
    const problems = checkTransition({ from: note.status, to, ownerId: note.ownerId, targetDate: note.targetDate });
    if (problems.includes("notAllowed")) return;
    if (problems.length > 0) return setPending({ note, to });
    mover.submit(
      { intent: "status", status: to, version: String(note.version) },
      { method: "post", action: `/items/${note.number}` },
    );
  }

  function onDrop(event: DragEvent<HTMLElement>, to: ItemStatus) {
    event.preventDefault();
    setDropTarget(null);
    const number = Number(event.dataTransfer.getData("text/plain"));
    const note = columns.flatMap((column) => column.notes).find((candidate) => candidate.number === number);
    if (note) requestMove(note, to);
  }

  return (
    <>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight text-slate-900">{t("whiteboard.title")}</h1>
          <p className="mt-1 max-w-3xl text-slate-700">{t("whiteboard.description")}</p>
          {!canMove ? <p className="mt-1 text-sm text-slate-600">{t("whiteboard.readOnly")}</p> : null}
        </div>
        <Link to="/board" className={buttonClass("secondary")}>
          {t("board.title")}
        </Link>
      </div>
      <div className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-800">
        <h2 className="font-semibold">{t("whiteboard.legend")}</h2>
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {itemKind.enumValues.map((kind) => (
            <li key={kind} className="flex items-center gap-2">
              <span aria-hidden="true" className={`inline-block h-4 w-6 rounded-sm ring-1 ${paper[kind]}`} />
              <span>
                <span className="font-semibold">{t(`kind.${kind}`)}</span>: {t(`kindHint.${kind}`)}
              </span>
            </li>
          ))}
        </ul>
      </div>
      {mover.data?.status?.error ? (
        <div role="alert" className="mb-3 rounded-md border border-red-300 bg-red-50 p-3">
          <ErrorList errors={Object.values(mover.data.status.error).flatMap((messages) => messages ?? [])} />
        </div>
      ) : null}
      {/* relative: the notes' visually hidden labels are positioned, and would otherwise widen the page. */}
      <div className="relative -mx-4 flex snap-x snap-mandatory gap-3 overflow-x-auto px-4 pb-4 lg:grid lg:grid-cols-5 lg:overflow-visible">
        {columns.map(({ status, notes }) => {
          return (
            <section
              key={status}
              aria-labelledby={`column-${status}`}
              onDragOver={canMove ? (event) => (event.preventDefault(), setDropTarget(status)) : undefined}
              onDragLeave={canMove ? () => setDropTarget(null) : undefined}
              onDrop={canMove ? (event) => onDrop(event, status) : undefined}
              className={`w-72 shrink-0 snap-start rounded-lg p-2 lg:w-auto ${dropTarget === status ? "bg-brand-100 ring-2 ring-brand-600" : "bg-slate-200"}`}
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
                    {canMove ? <MoveMenu note={note} onMove={requestMove} /> : null}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
      {pending ? <MoveDialog pending={pending} people={people} onClose={() => setPending(null)} /> : null}
    </>
  );
}

/** The keyboard (and no-JavaScript) way to move a note: a plain form with a menu. */
function MoveMenu({ note, onMove }: { note: Note; onMove: (note: Note, to: ItemStatus) => void }) {
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

/** What a move still needs (owner, date, reason, the surviving item), asked for in a dialog. */
function MoveDialog({
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
