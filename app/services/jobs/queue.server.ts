import { and, asc, eq, inArray, lte, or, sql } from "drizzle-orm";
import type { Queryable } from "#db/client.server";
import { jobs, type Job } from "#db/schema/index";

/*
 * A job queue in a PostgreSQL table. Workers claim one row at a time with
 * `FOR UPDATE SKIP LOCKED`, so any number of them (threads of one process or processes on
 * several hosts) share the queue and never run the same job twice at once. Times are the
 * database's own clock (`now()`), so workers on hosts with skewed clocks still agree.
 */

/** A running job whose heartbeat is older than this is taken to belong to a dead worker. */
export const DEFAULT_STALE_MS = 60_000;
/** First retry delay; doubles with each failed attempt, capped at MAX_BACKOFF_MS. */
const DEFAULT_BACKOFF_MS = 5_000;
const MAX_BACKOFF_MS = 15 * 60_000;

export type EnqueueInput = {
  type: string;
  payload?: Record<string, unknown>;
  createdById?: string | null;
  runAt?: Date;
  maxAttempts?: number;
};

export async function enqueueJob(db: Queryable, input: EnqueueInput): Promise<Job> {
  const [job] = await db
    .insert(jobs)
    .values({
      type: input.type,
      payload: input.payload ?? {},
      createdById: input.createdById ?? null,
      maxAttempts: input.maxAttempts ?? 3,
      ...(input.runAt ? { runAt: input.runAt } : {}),
    })
    .returning();
  if (!job) throw new Error("insert returned no job");
  return job;
}

export async function getJob(db: Queryable, id: string): Promise<Job | null> {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, id)).limit(1);
  return job ?? null;
}

export type ClaimOptions = {
  /** Only these types; `undefined` claims any type, an empty list claims nothing. */
  types?: readonly string[];
  staleMs?: number;
};

/**
 * Takes the next job that is due (or whose worker stopped sending heartbeats) and marks it
 * running for `workerId`, counting an attempt. Null when there is nothing to do.
 */
export async function claimNextJob(
  db: Queryable,
  workerId: string,
  typesOrOptions?: readonly string[] | ClaimOptions,
): Promise<Job | null> {
  const options: ClaimOptions = Array.isArray(typesOrOptions)
    ? { types: typesOrOptions as readonly string[] }
    : ((typesOrOptions as ClaimOptions | undefined) ?? {});
  if (options.types && options.types.length === 0) return null;
  const staleSeconds = (options.staleMs ?? DEFAULT_STALE_MS) / 1000;
  const typeFilter = options.types ? inArray(jobs.type, [...options.types]) : undefined;
  const due = or(
    and(eq(jobs.status, "queued"), lte(jobs.runAt, sql`now()`)),
    and(eq(jobs.status, "running"), sql`${jobs.heartbeatAt} < now() - make_interval(secs => ${staleSeconds})`),
  );

  // A stale job that already used every attempt is failed rather than run again; then look again.
  for (let round = 0; round < 10; round += 1) {
    const outcome = await db.transaction(async (tx) => {
      const [candidate] = await tx
        .select({ id: jobs.id, status: jobs.status, attempts: jobs.attempts, maxAttempts: jobs.maxAttempts })
        .from(jobs)
        .where(typeFilter ? and(due, typeFilter) : due)
        .orderBy(asc(jobs.runAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!candidate) return { kind: "none" as const };
      if (candidate.status === "running" && candidate.attempts >= candidate.maxAttempts) {
        await tx
          .update(jobs)
          .set({
            status: "failed",
            error: "The worker running this job stopped responding.",
            lockedBy: null,
            finishedAt: sql`now()`,
            updatedAt: sql`now()`,
          })
          .where(eq(jobs.id, candidate.id));
        return { kind: "retry" as const };
      }
      const [job] = await tx
        .update(jobs)
        .set({
          status: "running",
          attempts: sql`${jobs.attempts} + 1`,
          lockedBy: workerId,
          lockedAt: sql`now()`,
          heartbeatAt: sql`now()`,
          startedAt: sql`coalesce(${jobs.startedAt}, now())`,
          updatedAt: sql`now()`,
        })
        .where(eq(jobs.id, candidate.id))
        .returning();
      return { kind: "claimed" as const, job: job! };
    });
    if (outcome.kind === "none") return null;
    if (outcome.kind === "claimed") return outcome.job;
  }
  return null;
}

const ownedBy = (jobId: string, workerId: string) =>
  and(eq(jobs.id, jobId), eq(jobs.lockedBy, workerId), eq(jobs.status, "running"));

/** Refreshes the heartbeat; false when the job is no longer this worker's (cancelled or retaken). */
export async function heartbeatJob(db: Queryable, jobId: string, workerId: string): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ heartbeatAt: sql`now()` })
    .where(ownedBy(jobId, workerId))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

export async function setJobProgress(
  db: Queryable,
  jobId: string,
  workerId: string,
  done: number,
  total?: number,
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      progressDone: Math.max(0, Math.floor(done)),
      ...(total === undefined ? {} : { progressTotal: Math.max(0, Math.floor(total)) }),
      heartbeatAt: sql`now()`,
    })
    .where(ownedBy(jobId, workerId))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

export async function completeJob(
  db: Queryable,
  jobId: string,
  workerId: string,
  result: Record<string, unknown> | null,
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      status: "succeeded",
      result,
      error: null,
      lockedBy: null,
      finishedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(ownedBy(jobId, workerId))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

export function backoffMs(attempt: number, baseMs = DEFAULT_BACKOFF_MS): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), MAX_BACKOFF_MS);
}

/**
 * Records a failed attempt: the job is queued again after a backoff while attempts remain
 * (and the failure is not final), else it is failed for good. Returns the new status, or null if the job was not ours.
 */
export async function failJobAttempt(
  db: Queryable,
  jobId: string,
  workerId: string,
  message: string,
  options: { backoffBaseMs?: number; /** A failure that would repeat: no retry. */ final?: boolean } = {},
): Promise<"queued" | "failed" | null> {
  const [job] = await db
    .select({ attempts: jobs.attempts, maxAttempts: jobs.maxAttempts })
    .from(jobs)
    .where(ownedBy(jobId, workerId));
  if (!job) return null;
  const exhausted = options.final === true || job.attempts >= job.maxAttempts;
  const delaySeconds = backoffMs(job.attempts, options.backoffBaseMs) / 1000;
  const rows = await db
    .update(jobs)
    .set(
      exhausted
        ? { status: "failed", error: message, lockedBy: null, finishedAt: sql`now()`, updatedAt: sql`now()` }
        : {
            status: "queued",
            error: message,
            lockedBy: null,
            heartbeatAt: null,
            runAt: sql`now() + make_interval(secs => ${delaySeconds})`,
            updatedAt: sql`now()`,
          },
    )
    .where(ownedBy(jobId, workerId))
    .returning({ id: jobs.id });
  if (rows.length === 0) return null;
  return exhausted ? "failed" : "queued";
}

/** Gives a job back to the queue without counting the attempt (the worker is shutting down). */
export async function releaseJob(db: Queryable, jobId: string, workerId: string): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      status: "queued",
      attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
      lockedBy: null,
      heartbeatAt: null,
      runAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(ownedBy(jobId, workerId))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Cancels a queued or running job; a running one is told through its abort signal at its next heartbeat. */
export async function cancelJob(db: Queryable, jobId: string): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ status: "cancelled", lockedBy: null, finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, jobId), inArray(jobs.status, ["queued", "running"])))
    .returning({ id: jobs.id });
  return rows.length > 0;
}
