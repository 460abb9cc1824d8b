import type { DatabaseHandle } from "#db/client.server";
import { getDatabaseHandle } from "#db/client.server";
import { EVENTS_CHANNEL, eventBounds, loadEventsAfter, type StoredEvent } from "../events.server";

/** Heartbeats keep proxies from closing idle streams. */
const HEARTBEAT_MS = 15_000;
/** A safety net: catch up even if a notification was lost while the listening connection dropped. */
const POLL_MS = 10_000;
const BATCH = 500;
/**
 * Reads start at most this often: under a burst, events are read and written to each client
 * in batches (one socket write per client per batch), instead of one write per event.
 */
const MIN_READ_INTERVAL_MS = 25;

export type Subscriber = {
  /** Called for every event in id order, once. */
  deliver: (event: StoredEvent) => void;
  heartbeat: () => void;
  close: () => void;
};

/**
 * One per process: LISTENs once, reads each announced event from the events table (so the
 * NOTIFY carries only an id and nothing is lost if one is missed) and hands it to every
 * subscriber. Subscribers filter and queue on their own, so a slow one never holds up the rest.
 */
export class LiveHub {
  private subscribers = new Set<Subscriber>();
  private lastId = 0;
  private listening = false;
  private starting: Promise<void> | undefined;
  private draining: Promise<void> | undefined;
  private again = false;
  private scheduled: NodeJS.Timeout | undefined;
  private lastReadAt = 0;
  private stopListening: (() => Promise<void>) | undefined;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(private readonly handle: DatabaseHandle) {}

  /** The id of the newest event handed out so far. */
  get cursor(): number {
    return this.lastId;
  }

  /**
   * The cursor once the hub listens, else undefined. Every event up to it was committed before
   * this call, so data read afterwards includes them: a page rendered now can open its stream
   * from here and miss nothing that happens while it loads.
   */
  get startedCursor(): number | undefined {
    return this.listening ? this.lastId : undefined;
  }

  get size(): number {
    return this.subscribers.size;
  }

  start(): Promise<void> {
    this.starting ??= this.listen().catch((error: unknown) => {
      // Let the next subscriber try again rather than failing for ever.
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async listen(): Promise<void> {
    this.lastId = (await eventBounds(this.handle.db)).newest;
    const onNotify = () => this.poke();
    if (this.handle.driver === "postgres") {
      // postgres.js keeps a dedicated connection for LISTEN and re-listens after a drop;
      // the third argument runs on every (re)connection, to catch up on what was missed.
      const listening = await this.handle.client.listen(EVENTS_CHANNEL, onNotify, onNotify);
      this.stopListening = () => listening.unlisten();
    } else {
      const unlisten = await this.handle.client.listen(EVENTS_CHANNEL, onNotify);
      this.stopListening = unlisten;
    }
    const heartbeat = setInterval(() => {
      for (const subscriber of this.subscribers) subscriber.heartbeat();
    }, HEARTBEAT_MS);
    const poll = setInterval(() => this.poke(), POLL_MS);
    heartbeat.unref();
    poll.unref();
    this.timers.push(heartbeat, poll);
    this.listening = true;
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  /** Reads everything after the last event seen; calls arriving meanwhile fold into one more read. */
  poke(): void {
    if (this.closed) return;
    if (this.draining || this.scheduled) {
      this.again = true;
      return;
    }
    const wait = this.lastReadAt + MIN_READ_INTERVAL_MS - Date.now();
    if (wait > 0) {
      this.scheduled = setTimeout(() => {
        this.scheduled = undefined;
        this.read();
      }, wait);
      return;
    }
    this.read();
  }

  private read(): void {
    this.again = false;
    this.lastReadAt = Date.now();
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) this.poke();
    });
  }

  /** Resolves once every event committed before the call has been handed out. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
    clearTimeout(this.scheduled);
    this.scheduled = undefined;
    this.read();
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    for (;;) {
      let rows: StoredEvent[];
      try {
        rows = await loadEventsAfter(this.handle.db, this.lastId, BATCH);
      } catch {
        // The database is unreachable or closing; the next notification or poll retries.
        return;
      }
      for (const row of rows) {
        this.lastId = row.id;
        for (const subscriber of this.subscribers) subscriber.deliver(row);
      }
      if (rows.length < BATCH || this.closed) return;
    }
  }

  /** Ends every stream (clients reconnect elsewhere or after the restart) and stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.scheduled);
    for (const timer of this.timers) clearInterval(timer);
    for (const subscriber of [...this.subscribers]) subscriber.close();
    this.subscribers.clear();
    await this.draining;
    await this.stopListening?.().catch(() => {});
  }
}

const globalKey = Symbol.for("floorboard.liveHub");
type GlobalWithHub = typeof globalThis & { [globalKey]?: LiveHub };

/** The process's hub, shared by the HTTP server and the Remix build like the database handle. */
export function getLiveHub(): LiveHub {
  const g = globalThis as GlobalWithHub;
  g[globalKey] ??= new LiveHub(getDatabaseHandle());
  return g[globalKey];
}

/** Closes the process's hub, if one was started; the next getLiveHub() makes a fresh one. */
export async function closeLiveHub(): Promise<void> {
  const g = globalThis as GlobalWithHub;
  const hub = g[globalKey];
  g[globalKey] = undefined;
  await hub?.close();
}
