import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { getServerT } from "#app/i18n/i18n.server";
import { ApiStatusChangeSchema } from "#app/schemas/api";
import { getItemView } from "#app/services/items.server";
import { changeStatus, fieldProblems } from "#app/services/status.server";
import { nextStatuses } from "#app/services/workflow";
import { readJsonBody, requireItemRef } from "#app/api/input.server";
import { itemDetailJson } from "#app/api/representations.server";
import { apiError, apiJson, notFound, type ApiFieldErrors } from "#app/api/responses.server";
import { apiEndpoint } from "#app/api/route.server";
import { requireApiPermission, requireApiUser } from "#app/auth/require-api.server";

/**
 * POST /api/v1/items/:id/status, for managers and admins: the same workflow rules as the
 * status form. A body that breaks them gets 422 with the fields at fault.
 */
async function moveItem({ request, params }: ActionFunctionArgs) {
  const user = await requireApiUser(request, "items:write");
  requireApiPermission(user, "item:change-status");
  const db = getDb();
  const ref = await requireItemRef(params.id);
  const { version, ...input } = await readJsonBody(request, ApiStatusChangeSchema);
  const result = await changeStatus(db, user, ref.id, { ...input, expectedVersion: version });
  if (!result.ok) {
    if (result.error === "notFound") throw notFound();
    if (result.error === "conflict") {
      throw apiError(409, "version_conflict", "The item changed since the version you sent. Read it again and retry.");
    }
    const t = await getServerT("en");
    const fields: ApiFieldErrors = {};
    for (const { problem, field } of fieldProblems(result)) {
      let message = t(`items:errors.${problem}`);
      if (problem === "notAllowed") {
        const allowed = nextStatuses(ref.status);
        message += allowed.length
          ? ` From ${ref.status}: ${allowed.join(", ")}.`
          : ` Nothing can follow ${ref.status}.`;
      }
      (fields[field] ??= []).push(message);
    }
    throw apiError(422, "rule_violation", "The status change breaks a workflow rule.", { fields });
  }
  const view = await getItemView(db, user, result.item.number);
  if (!view) throw notFound();
  return apiJson(itemDetailJson(view), { user });
}

const endpoint = apiEndpoint({ POST: moveItem });
export const loader = endpoint.loader;
export const action = endpoint.action;
