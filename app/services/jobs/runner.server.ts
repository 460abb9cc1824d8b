import type { Database } from "#db/client.server";
import type { Job } from "#db/schema/index";
import type { Logger } from "#app/utils/logger.server";
import {
  DEFAULT_STALE_MS,
  claimNextJob,
  completeJob,
  failJobAttempt,
  heartbeatJob,
  releaseJob,
  setJobProgress,
} from "./queue.server";
import { getJobHandler, registeredJobTypes } from "./registry.server";
import { describeError } from "#db/errors.server";
import { PermanentJobError, type JobContext } from "./types";

export type JobRunnerOptions = {
  db: Database;
  workerId: string;
  /** Jobs run at once by this runner. */
  concurrency?: number;
  /** How long an idle slot waits before looking for work again. */
  pollMs?: number;
  /** Aborting it stops the runner, as `stop()` does. */
  signal?: AbortSignal;
  heartbeatMs?: number;
  staleMs?: number;
  /** Progress is written at most this often per job. */
  progressIntervalMs?: number;
  backoffBaseMs?: number;
  /** How long `stop()` lets running jobs finish after aborting them before releasing them anyway. */
  shutdownGraceMs?: number;
  log?: Logger;
};

export type JobRunner = {
  /** Stops claiming, aborts running handlers, waits for them, and gives unfinished jobs back to the queue. */
  stop: () => Promise<void>;
  /** Resolves when every slot has stopped. */
  done: Promise<void>;
};

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

function errorMessage(error: unknown): string {
  return describeError(error);
}

/** Claims jobs whose type has a handler in this process and runs them, `concurrency` at a time. */
export function startJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, workerId } = options;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const pollMs = options.pollMs ?? 500;
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const progressIntervalMs = options.progressIntervalMs ?? 250;
  const shutdownGraceMs = options.shutdownGraceMs ?? 10_000;
  const log = options.log ?? silent;

  const stopping = new AbortController();
  const onOuterAbort = () => stopping.abort();
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (options.signal?.aborted) stopping.abort();

  async function runJob(job: Job): Promise<void> {
    const handler = getJobHandler(job.type);
    if (!handler) {
      // Registered when claimed but removed since: give it back untouched.
      await releaseJob(db, job.id, workerId);
      return;
    }
    const jobAbort = new AbortController();
    const onStop = () => jobAbort.abort(new Error("the worker is shutting down"));
    stopping.signal.addEventListener("abort", onStop, { once: true });
    let lost = false;
    const heartbeat = setInterval(() => {
      heartbeatJob(db, job.id, workerId).then(
        (ours) => {
          if (!ours && !lost) {
            lost = true;
            jobAbort.abort(new Error("the job was cancelled"));
          }
        },
        (error: unknown) => log.warn("job heartbeat failed", { jobId: job.id, error }),
      );
    }, heartbeatMs);
    heartbeat.unref?.();

    let lastWrite = 0;
    let pending: { done: number; total?: number } | undefined;
    const writeProgress = async (done: number, total?: number) => {
      lastWrite = Date.now();
      pending = undefined;
      if (!(await setJobProgress(db, job.id, workerId, done, total)) && !lost) {
        lost = true;
        jobAbort.abort(new Error("the job was cancelled"));
      }
    };
    const context: JobContext = {
      db,
      jobId: job.id,
      payload: job.payload,
      signal: jobAbort.signal,
      reportProgress: async (done, total) => {
        if (Date.now() - lastWrite >= progressIntervalMs) await writeProgress(done, total);
        else pending = { done, total: total ?? pending?.total };
      },
    };

    let graceTimer: NodeJS.Timeout | undefined;
    let armGrace = () => {};
    try {
      const run = handler(context);
      // After shutdown starts, a handler that ignores its signal gets a grace period, then is released.
      const result = await Promise.race([
        run,
        new Promise<never>((_, reject) => {
          armGrace = () => {
            graceTimer = setTimeout(() => reject(new Error("shutdown grace period over")), shutdownGraceMs);
          };
          if (stopping.signal.aborted) armGrace();
          else stopping.signal.addEventListener("abort", armGrace, { once: true });
        }),
      ]);
      if (pending) await writeProgress(pending.done, pending.total);
      // A job cancelled (or taken over) meanwhile keeps that state: the update matches nothing.
      if (await completeJob(db, job.id, workerId, result ?? null))
        log.info("job succeeded", { jobId: job.id, type: job.type });
      else log.info("job stopped: cancelled or taken over", { jobId: job.id, type: job.type });
    } catch (error) {
      if (lost) {
        log.info("job stopped: cancelled or taken over", { jobId: job.id, type: job.type });
      } else if (stopping.signal.aborted) {
        await releaseJob(db, job.id, workerId);
        log.info("job released for another worker", { jobId: job.id, type: job.type });
      } else {
        const status = await failJobAttempt(db, job.id, workerId, errorMessage(error), {
          backoffBaseMs: options.backoffBaseMs,
          final: error instanceof PermanentJobError,
        });
        // Null: no longer ours (cancelled or taken over), so it is neither retried nor failed.
        if (status === null) log.info("job stopped: cancelled or taken over", { jobId: job.id, type: job.type });
        else log.warn("job attempt failed", { jobId: job.id, type: job.type, status, error });
      }
    } finally {
      clearInterval(heartbeat);
      clearTimeout(graceTimer);
      stopping.signal.removeEventListener("abort", onStop);
      stopping.signal.removeEventListener("abort", armGrace);
    }
  }

  async function slot(): Promise<void> {
    while (!stopping.signal.aborted) {
      let job: Job | null = null;
      try {
        job = await claimNextJob(db, workerId, { types: registeredJobTypes(), staleMs });
      } catch (error) {
        if (stopping.signal.aborted) break;
        log.error("claiming a job failed", { error });
      }
      if (job) await runJob(job);
      else await sleep(pollMs, stopping.signal);
    }
  }

  const done = Promise.all(Array.from({ length: concurrency }, () => slot())).then(() => {
    options.signal?.removeEventListener("abort", onOuterAbort);
  });

  return {
    done,
    stop: async () => {
      stopping.abort();
      await done;
    },
  };
}
