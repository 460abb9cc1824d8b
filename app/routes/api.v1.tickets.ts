import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { API_REQUEST_BODY_LIMIT } from "#app/utils/body-limit";
import { MAX_API_TICKETS } from "#app/schemas/tickets";
import { ingestTickets } from "#app/services/tickets/ingest.server";
import { issuesToFields, parseJsonObject, readBodyText } from "#app/api/input.server";
import { apiError, apiJson } from "#app/api/responses.server";
import { apiEndpoint } from "#app/api/route.server";
import { requireApiPermission, requireApiUser } from "#app/auth/require-api.server";

/**
 * POST /api/v1/tickets: { "tickets": [ … ] }, up to 1,000 per request. Each ticket is
 * inserted, or updated when its (source, externalId) is already known. Invalid tickets are
 * reported by index; the others are stored. 200 when at least one was accepted, else 422.
 */
async function postTickets({ request }: ActionFunctionArgs) {
  const user = await requireApiUser(request, "tickets:write");
  requireApiPermission(user, "tickets:import");
  const text = await readBodyText(
    request,
    API_REQUEST_BODY_LIMIT,
    `; send at most ${MAX_API_TICKETS} tickets per request`,
  );
  const body = parseJsonObject(text);
  const { tickets, source } = body as { tickets?: unknown; source?: unknown };
  if (!Array.isArray(tickets) || tickets.length === 0) {
    throw apiError(400, "validation_failed", "The request body has invalid fields.", {
      fields: { tickets: [`Send a list of 1 to ${MAX_API_TICKETS} tickets.`] },
    });
  }
  if (tickets.length > MAX_API_TICKETS) {
    throw apiError(
      413,
      "payload_too_large",
      `Send at most ${MAX_API_TICKETS} tickets per request; this one has ${tickets.length}.`,
    );
  }
  if (source !== undefined && typeof source !== "string") {
    throw apiError(400, "validation_failed", "The request body has invalid fields.", {
      fields: { source: ["Use a string."] },
    });
  }

  const result = await ingestTickets(getDb(), { tickets, defaultSource: source, actorId: user.id });
  const errors = await Promise.all(
    result.errors.map(async (error) => {
      const { fields, root } = await issuesToFields(error.issues);
      return {
        index: error.index,
        ...(error.externalId ? { externalId: error.externalId } : {}),
        ...(Object.keys(fields).length > 0 ? { fields } : {}),
        ...(root.length > 0 ? { message: root.join(" ") } : {}),
      };
    }),
  );
  const payload = { accepted: result.accepted, inserted: result.inserted, updated: result.updated, errors };
  if (result.accepted === 0) {
    return apiJson(
      { error: { code: "validation_failed", message: "No ticket was accepted; see errors." }, ...payload },
      { status: 422, user },
    );
  }
  return apiJson(payload, { user });
}

const endpoint = apiEndpoint({ POST: postTickets });
export const loader = endpoint.loader;
export const action = endpoint.action;
