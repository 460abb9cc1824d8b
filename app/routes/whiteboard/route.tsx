import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import { buttonClass } from "#app/components/ui/button";
import { ErrorList } from "#app/components/ui/field";
import { can } from "#app/services/permissions";
import { listWhiteboard, type WhiteboardNote } from "#app/services/whiteboard.server";
import { listAssignableUsers } from "#app/services/users.server";
import { checkTransition, type ItemStatus } from "#app/services/workflow";
import { useLiveRevalidation } from "#app/components/live/live-items";
import { readSearchParams } from "#app/utils/http.server";
import { pageTitle } from "#app/i18n/meta";
import { RouteErrorBoundary } from "#app/components/error-page";
import { WhiteboardColumn } from "./column";
import { Legend } from "./legend";
import { MoveDialog } from "./move-dialog";

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

export function ErrorBoundary() {
  return <RouteErrorBoundary />;
}

export type Note = Omit<WhiteboardNote, "targetDate"> & { targetDate: string | null };
export type Pending = { note: Note; to: ItemStatus };
export type MoveResult = { status?: { error?: Record<string, string[] | null> | null } };

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
      <Legend />
      {mover.data?.status?.error ? (
        <div role="alert" className="mb-3 rounded-md border border-red-300 bg-red-50 p-3">
          <ErrorList errors={Object.values(mover.data.status.error).flatMap((messages) => messages ?? [])} />
        </div>
      ) : null}
      {/* relative: the notes' visually hidden labels are positioned, and would otherwise widen the page. */}
      <div className="relative -mx-4 flex snap-x snap-mandatory gap-3 overflow-x-auto px-4 pb-4 lg:grid lg:grid-cols-5 lg:overflow-visible">
        {columns.map(({ status, notes }) => (
          <WhiteboardColumn
            key={status}
            status={status}
            notes={notes}
            canMove={canMove}
            highlighted={dropTarget === status}
            onDragOver={() => setDropTarget(status)}
            onDragLeave={() => setDropTarget(null)}
            onDrop={(event) => onDrop(event, status)}
            onMove={requestMove}
          />
        ))}
      </div>
      {pending ? <MoveDialog pending={pending} people={people} onClose={() => setPending(null)} /> : null}
    </>
  );
}
