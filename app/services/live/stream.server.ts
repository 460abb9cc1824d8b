import type { Queryable } from "#db/client.server";
import { accessEventTypes, eventBounds, loadEventsAfter, type StoredEvent } from "../events.server";
import type { LiveHub } from "./hub.server";

const displayItemPanels = ["whiteboard", "top", "recent", "done"] as const;

/** Who is listening: a signed-in person, or one wall display's token. */
export type Audience =
  | { kind: "user"; userId: string }
  | {
      kind: "display";
      displayId: string;
      tokenId: string;
      panels: readonly string[];
      teamIds: readonly string[];
      tags: readonly string[];
    };

/**
 * Events that say a comment went away. They go out even though their comment has gone, so
 * open pages drop its text; like every comment event they carry no text (see clientData).
 */
const commentRemovals: ReadonlySet<string> = new Set(["comment.deleted", "comment.hidden"]);

/**
 * Whether an event may reach this audience. Payloads never carry an anonymous author's name
 * or comment text (see recordEvent's callers), so this only decides which events go where:
 * other events of comments hidden or deleted since are dropped for everyone; a display gets
 * only what its panels show, for its teams and tags, and no comment events.
 */
export function isVisibleTo(audience: Audience, event: StoredEvent): boolean {
  if (event.commentGone && !commentRemovals.has(event.type)) return false;
  if (accessEventTypes.has(event.type)) return false;
  if (audience.kind === "user") return !event.type.startsWith("display.");
  if (event.type.startsWith("display.")) {
    const payload = event.payload as { displayId?: string; tokenIds?: string[] };
    if (payload.displayId !== audience.displayId) return false;
    return event.type !== "display.revoked" || !payload.tokenIds || payload.tokenIds.includes(audience.tokenId);
  }
  if (event.type === "cluster.updated") return audience.panels.includes("trends");
  if (event.type.startsWith("item.")) {
    if (!displayItemPanels.some((panel) => audience.panels.includes(panel))) return false;
    if (audience.teamIds.length > 0 && !(event.teamId && audience.teamIds.includes(event.teamId))) return false;
    if (audience.tags.length > 0 && !event.tags.some((tag) => audience.tags.includes(tag))) return false;
    return true;
  }
  // Comments, import progress and anything new stay off the wall until a panel needs them.
  return false;
}

/** Whether an access event concerns this audience: its stream must re-check its session. */
export function concernsAudience(audience: Audience, event: StoredEvent): boolean {
  return (
    audience.kind === "user" &&
    accessEventTypes.has(event.type) &&
    (event.payload as { userId?: unknown }).userId === audience.userId
  );
}

/** What a client receives: the type, and the payload without anything kept for filtering. */
export function clientData(event: StoredEvent): Record<string, unknown> {
  if (event.type.startsWith("display.")) {
    const { displayId } = event.payload as { displayId?: string };
    return { type: event.type, displayId };
  }
  if (event.type.startsWith("comment.")) {
    // Named fields only: a comment's text or author must never ride along by accident.
    const { id, number, commentId, comments } = event.payload;
    return { type: event.type, id, number, commentId, comments };
  }
  return { type: event.type, ...event.payload };
}

export function formatEvent(event: StoredEvent): string {
  return `id: ${event.id}\ndata: ${JSON.stringify(clientData(event))}\n\n`;
}

const encoder = new TextEncoder();
/** Every subscriber gets the same bytes for an event: encode them once, not once per client. */
const encodedEvents = new WeakMap<StoredEvent, Uint8Array>();
function encodedEvent(event: StoredEvent): Uint8Array {
  let bytes = encodedEvents.get(event);
  if (!bytes) {
    bytes = encoder.encode(formatEvent(event));
    encodedEvents.set(event, bytes);
  }
  return bytes;
}

/** Streams one session (or one display token) may hold open in a process; more are refused. */
export const MAX_STREAMS_PER_HOLDER = 10;
const openStreams = new Map<string, number>();

/**
 * Takes one of a holder's stream slots: the release function, or null when all are in use.
 * Refusing the new stream rather than closing the oldest: a closed EventSource reconnects,
 * and eleven tabs would then take turns closing one another.
 */
export function claimStreamSlot(holder: string): (() => void) | null {
  const open = openStreams.get(holder) ?? 0;
  if (open >= MAX_STREAMS_PER_HOLDER) return null;
  openStreams.set(holder, open + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (openStreams.get(holder) ?? 1) - 1;
    if (left > 0) openStreams.set(holder, left);
    else openStreams.delete(holder);
  };
}

/** Retry delay the browser's EventSource uses after a drop. */
const RETRY_MS = 2_000;
/** Events waiting while the replay runs; beyond this the client is told to reconnect. */
const MAX_PENDING = 5_000;
/** Bytes the socket may hold unsent before a client counts as too slow to keep. */
const MAX_BACKLOG_BYTES = 1_000_000;
/** Replay at most this many events; a client further behind is told to reload instead. */
const MAX_REPLAY = 20_000;

export type EventStreamOptions = {
  hub: LiveHub;
  db: Queryable;
  audience: Audience;
  /** From the Last-Event-ID header (or query): replay everything after it. */
  lastEventId?: number;
  /**
   * The request the stream answers: its signal ends the stream when the client goes away. The
   * stream holds the Request itself, not only its signal: once a Request is garbage-collected,
   * its signal no longer follows the connection's (undici keeps that link through the Request).
   */
  request: Request;
  /**
   * Whether the stream's session still allows what it was opened with; asked when an access
   * event concerns the audience. False (or a failure) ends the stream.
   */
  recheck?: () => Promise<boolean>;
  /** Bytes written but not yet sent, when the server can tell (Express); else the stream's own queue. */
  backlog?: () => number;
  onHeartbeat?: () => void;
  onClose?: () => void;
};

/**
 * A Server-Sent Events response: a `ready` event (whose id starts the client's Last-Event-ID),
 * the replay after `lastEventId`, then live events in id order, each once, with a comment
 * every 15 s. A client that falls too far behind is disconnected and replays on reconnect.
 */
export async function openEventStream(options: EventStreamOptions): Promise<Response> {
  const { hub, db, audience, request } = options;
  await hub.start();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let replaying = true;
  let sentUpTo = options.lastEventId ?? hub.cursor;
  const pending: StoredEvent[] = [];

  // Chunks written in one tick (a batch of events read together) go out as one write.
  let chunks: Uint8Array[] = [];
  const flush = () => {
    const parts = chunks;
    chunks = [];
    if (closed || parts.length === 0) return;
    if (parts.length === 1 && parts[0]) controller.enqueue(parts[0]);
    else {
      const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
      let offset = 0;
      for (const part of parts) {
        joined.set(part, offset);
        offset += part.length;
      }
      controller.enqueue(joined);
    }
    const backlog = options.backlog?.() ?? 0;
    const queued = -(controller.desiredSize ?? 0);
    if (backlog > MAX_BACKLOG_BYTES || queued > MAX_PENDING) close();
  };
  const writeBytes = (bytes: Uint8Array) => {
    if (closed) return;
    chunks.push(bytes);
    if (chunks.length === 1) queueMicrotask(flush);
  };
  const write = (text: string) => writeBytes(encoder.encode(text));
  // While a re-check runs, later events wait: none reaches a session that has just ended.
  let holding = false;
  const held: StoredEvent[] = [];
  const send = (event: StoredEvent) => {
    if (event.id <= sentUpTo) return;
    if (holding) {
      held.push(event);
      if (held.length > MAX_PENDING) close();
      return;
    }
    sentUpTo = event.id;
    if (isVisibleTo(audience, event)) writeBytes(encodedEvent(event));
    if (event.type === "display.revoked" && audience.kind === "display" && isVisibleTo(audience, event)) close();
    if (options.recheck && concernsAudience(audience, event)) recheck(options.recheck);
  };
  const recheck = (check: () => Promise<boolean>) => {
    holding = true;
    check().then(
      (allowed) => {
        if (!allowed || closed) return close();
        holding = false;
        while (!holding && !closed && held.length > 0) send(held.shift()!);
      },
      () => close(),
    );
  };
  const close = () => {
    if (closed) return;
    // What was written in this tick (say, "revoked") still goes out before the end.
    const last = chunks;
    chunks = [];
    closed = true;
    unsubscribe();
    request.signal.removeEventListener("abort", close);
    options.onClose?.();
    try {
      for (const part of last) controller.enqueue(part);
      controller.close();
    } catch {
      // Already closed by the reader going away.
    }
  };
  const unsubscribe = hub.subscribe({
    deliver: (event) => {
      if (!replaying) return send(event);
      pending.push(event);
      if (pending.length > MAX_PENDING) close();
    },
    heartbeat: () => {
      write(": ping\n\n");
      options.onHeartbeat?.();
    },
    close,
  });

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      close();
    },
  });
  request.signal.addEventListener("abort", close);
  // Gone before the stream opened: "abort" will not fire again.
  if (request.signal.aborted) close();

  write(`retry: ${RETRY_MS}\n\n`);
  if (options.lastEventId === undefined) {
    write(`id: ${sentUpTo}\nevent: ready\ndata: {"type":"ready"}\n\n`);
    flushPending();
  } else if (options.lastEventId >= hub.cursor) {
    // Nothing to replay (a page opened at the newest event): no database read.
    flushPending();
  } else {
    void replay();
  }

  async function replay() {
    try {
      const { oldest } = await eventBounds(db);
      // Pruned past the client's position: it cannot catch up event by event.
      const pruned = oldest !== null && sentUpTo < oldest - 1 && sentUpTo > 0;
      let replayed = 0;
      while (!closed && !pruned && replayed < MAX_REPLAY) {
        const rows = await loadEventsAfter(db, sentUpTo, 1000);
        for (const row of rows) send(row);
        replayed += rows.length;
        if (rows.length < 1000) break;
      }
      if (pruned || replayed >= MAX_REPLAY) {
        write(`id: ${Math.max(sentUpTo, hub.cursor)}\nevent: reset\ndata: {"type":"reset"}\n\n`);
        sentUpTo = Math.max(sentUpTo, hub.cursor);
      }
      flushPending();
    } catch {
      close();
    }
  }

  function flushPending() {
    replaying = false;
    for (const event of pending.splice(0)) send(event);
  }

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform keeps the compression middleware off; each event must go out at once.
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
