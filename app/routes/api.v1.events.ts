import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "#db/client.server";
import { currentSessionUser, getSession, sessionKey } from "#app/auth/session.server";
import { DisplayTokenSchema, LastEventIdSchema } from "#app/schemas/displays";
import { resolveDisplayToken, touchDisplay } from "#app/services/displays.server";
import { getLiveHub } from "#app/services/live/hub.server";
import {
  MAX_STREAMS_PER_HOLDER,
  claimStreamSlot,
  openEventStream,
  type Audience,
} from "#app/services/live/stream.server";
import { can } from "#app/services/permissions";
import { apiError } from "#app/api/responses.server";
import { apiEndpoint } from "#app/api/route.server";

/**
 * Server-Sent Events for live pages (session) and wall displays (`?display=<token>`).
 * `Last-Event-ID` (or `?lastEventId=`, for clients that reconnect by hand) replays what was missed.
 */
async function openStream({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const rawLastId = request.headers.get("last-event-id") ?? url.searchParams.get("lastEventId");
  let lastEventId: number | undefined;
  if (rawLastId !== null && rawLastId !== "") {
    const parsed = LastEventIdSchema.safeParse(rawLastId);
    if (!parsed.success) return apiError(400, "validation_failed", "Last-Event-ID must be a non-negative integer.");
    lastEventId = parsed.data;
  }

  const db = getDb();
  let audience: Audience;
  let displayId: string | undefined;
  let holder: string;
  let recheck: (() => Promise<boolean>) | undefined;
  const displayToken = url.searchParams.get("display");
  if (displayToken !== null) {
    const token = DisplayTokenSchema.safeParse(displayToken);
    const resolved = token.success ? await resolveDisplayToken(db, token.data) : ({ status: "unknown" } as const);
    if (resolved.status === "revoked") return apiError(410, "forbidden", "This display was revoked.");
    if (resolved.status !== "ok") return apiError(404, "not_found", "Unknown display.");
    const { display } = resolved;
    audience = {
      kind: "display",
      displayId: display.id,
      tokenId: resolved.tokenId,
      panels: display.panels,
      teamIds: display.teamIds,
      tags: display.tags,
    };
    displayId = display.id;
    holder = `display:${resolved.tokenId}`;
    await touchDisplay(db, display.id);
  } else {
    const { user, session } = await getSession(request);
    if (!user || !session) return apiError(401, "unauthenticated", "Sign in, or open the stream with a display token.");
    if (!can(user.role, "board:view")) return apiError(403, "forbidden", "Not allowed.");
    audience = { kind: "user", userId: user.id };
    holder = `session:${sessionKey(session.id)}`;
    // The stream ends with its session; a new role means a new stream, opened under that role.
    recheck = async () => {
      const now = await currentSessionUser(session.id);
      return now !== null && now.role === user.role;
    };
  }

  const release = claimStreamSlot(holder);
  if (!release) {
    return apiError(
      429,
      "too_many_streams",
      `At most ${MAX_STREAMS_PER_HOLDER} live streams at once; close another page first.`,
      {
        headers: { "Retry-After": "30" },
      },
    );
  }

  const { sseBacklog } = context as { sseBacklog?: unknown };
  const backlog = typeof sseBacklog === "function" ? (sseBacklog as () => number) : undefined;
  let beats = 0;
  try {
    return await openEventStream({
      hub: getLiveHub(),
      db,
      audience,
      lastEventId,
      request,
      recheck,
      onClose: release,
      backlog,
      onHeartbeat: displayId
        ? () => {
            // Every fourth heartbeat (a minute): the displays list shows when each screen was last seen.
            beats += 1;
            if (beats % 4 === 0) void touchDisplay(db, displayId).catch(() => {});
          }
        : undefined,
    });
  } catch (error) {
    release();
    throw error;
  }
}

const endpoint = apiEndpoint({ GET: openStream });
export const loader = endpoint.loader;
export const action = endpoint.action;
