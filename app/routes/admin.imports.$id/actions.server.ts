import { redirect } from "@remix-run/node";
import { getDb } from "#db/client.server";
import type { Actor } from "#app/services/actor";
import { ticketFields } from "#app/services/tickets/fields";
import {
  cancelImport,
  cleanMapping,
  discardUpload,
  previewImport,
  startImport,
  type ImportView,
} from "#app/services/tickets/imports.server";
import { formError } from "#app/utils/http.server";

type Context = { actor: Actor; view: ImportView; formData: FormData };

/** The mapping chosen on the preview form (or in its URL), checked against the file's header. */
export function mappingFrom(params: URLSearchParams | FormData, headers: readonly string[]) {
  const raw: Record<string, unknown> = {};
  for (const field of ticketFields) raw[field] = params.get(`map.${field}`) ?? undefined;
  return cleanMapping(raw, headers);
}

export async function cancelAction({ actor, view }: Context) {
  const result = await cancelImport(getDb(), actor, view.id);
  if (!result.ok) return formError("cancel", "tickets:progress.notCancellable", { status: 409 });
  return redirect(`/admin/imports/${view.id}`);
}

export async function discardAction({ actor, view }: Context) {
  if (!(await discardUpload(getDb(), actor, view.id))) {
    return formError("discard", "tickets:preview.notDiscardable", { status: 409 });
  }
  return redirect("/admin/imports?discarded=1");
}

export async function startAction({ actor, view, formData }: Context) {
  const db = getDb();
  const { headers } = await previewImport(db, view, 0);
  const result = await startImport(db, view.id, mappingFrom(formData, headers), actor.id);
  if (!result.ok && result.reason === "missing_columns") {
    // Each missing field with the column it was looked for under ("" for none), for the page to name.
    const values = Object.fromEntries(result.missing.map((entry) => [entry.field, entry.column ?? ""]));
    return formError("start", "tickets:preview.missingColumns", { values });
  }
  if (!result.ok) return formError("start", "tickets:preview.notStartable");
  return redirect(`/admin/imports/${view.id}`);
}
