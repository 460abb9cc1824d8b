import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import {
  applyZendeskEvent,
  handledZendeskEventTypes,
  SIGNATURE_HEADER,
  SIGNATURE_TIMESTAMP_HEADER,
  verifyZendeskSignature,
} from "#app/services/tickets/zendesk-webhook.server";
import { JSON_BODY_LIMIT, issuesToFields, parseJsonObject, readBodyText } from "#app/api/input.server";
import { apiError, apiJson } from "#app/api/responses.server";
import { apiEndpoint } from "#app/api/route.server";
import { requireApiPermission, requireApiUser } from "#app/auth/require-api.server";
import { getEnv } from "#app/utils/env.server";

const signatureErrors = {
  missing: `Send the ${SIGNATURE_HEADER} and ${SIGNATURE_TIMESTAMP_HEADER} headers: this server requires signed webhooks.`,
  stale: "The signature timestamp is more than 5 minutes away from the server's clock.",
  mismatch: "The webhook signature does not match the body; check the signing secret.",
} as const;

/**
 * POST /api/v1/webhooks/zendesk: one Zendesk ticket event. 200 when it was applied (or was
 * already), 202 for event types Floorboard does not import, so Zendesk does not retry them.
 */
async function receiveEvent({ request }: ActionFunctionArgs) {
  const user = await requireApiUser(request, "tickets:write");
  requireApiPermission(user, "tickets:import");
  const text = await readBodyText(request, JSON_BODY_LIMIT);

  const secret = getEnv().ZENDESK_WEBHOOK_SECRET;
  if (secret) {
    const check = verifyZendeskSignature({
      secret,
      signature: request.headers.get(SIGNATURE_HEADER),
      timestamp: request.headers.get(SIGNATURE_TIMESTAMP_HEADER),
      body: text,
    });
    if (!check.ok) throw apiError(401, "invalid_signature", signatureErrors[check.reason]);
  }

  const body = parseJsonObject(text, "a JSON object: one Zendesk event");

  const result = await applyZendeskEvent(getDb(), body, { actorId: user.id });
  if (result.kind === "ignored") {
    return apiJson(
      {
        received: true,
        ignored: true,
        message: `'${result.eventType}' events are not imported; subscribe to ${handledZendeskEventTypes.join(", ")}.`,
      },
      { status: 202, user },
    );
  }
  if (result.kind === "invalid") {
    const { fields, root } = await issuesToFields(result.issues);
    const message =
      result.status === 422
        ? "The ticket in this event cannot be stored; see fields."
        : "The body is not a Zendesk ticket event; see fields.";
    throw apiError(result.status, "validation_failed", root.length > 0 ? `${message} ${root.join(" ")}` : message, {
      ...(Object.keys(fields).length > 0 ? { fields } : {}),
    });
  }
  return apiJson(
    { received: true, event: { id: result.eventId, type: result.eventType }, ticket: result.ticket },
    { user },
  );
}

const endpoint = apiEndpoint({ POST: receiveEvent });
export const loader = endpoint.loader;
export const action = endpoint.action;
