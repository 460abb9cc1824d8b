// The contract between the job queue (this folder) and the work it runs. Handlers are plain
// async functions registered by job type; the queue claims rows with FOR UPDATE SKIP LOCKED.
import type { Database } from "#db/client.server";

export interface JobContext {
  db: Database;
  jobId: string;
  payload: Record<string, unknown>;
  /** Records progress for the UI; cheap to call often (writes are throttled). */
  reportProgress: (done: number, total?: number) => Promise<void>;
  /** Aborted when the worker shuts down or the job is cancelled. */
  signal: AbortSignal;
}

/** Returns the job's result, stored as JSON; throwing fails the attempt (retried up to max). */
export type JobHandler = (context: JobContext) => Promise<Record<string, unknown> | void>;

/**
 * Thrown by a handler for a failure that would happen again (bad data, a missing row): the job
 * fails at once instead of being retried. The message is stored with the job: keep it short.
 */
export class PermanentJobError extends Error {
  readonly permanent = true;
}
