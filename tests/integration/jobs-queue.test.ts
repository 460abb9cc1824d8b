import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import {
  cancelJob,
  claimNextJob,
  completeJob,
  enqueueJob,
  failJobAttempt,
  getJob,
  heartbeatJob,
  registerJobHandler,
  releaseJob,
  startJobRunner,
  type JobHandler,
} from "#app/services/jobs/index";
import { openDatabase, type Database } from "#db/client.server";
import { jobs } from "#db/schema/index";
import { getTestDatabase } from "#tests/setup/test-database";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function db(): Promise<Database> {
  return (await getTestDatabase()).db;
}

function register(type: string, handler: JobHandler) {
  cleanups.push(registerJobHandler(type, handler));
}

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("the job queue", () => {
  it("enqueues, claims once and completes a job", async () => {
    const database = await db();
    const job = await enqueueJob(database, { type: "test.echo", payload: { n: 1 } });
    expect(job).toMatchObject({ status: "queued", attempts: 0, maxAttempts: 3, payload: { n: 1 } });

    const claimed = await claimNextJob(database, "w1");
    expect(claimed).toMatchObject({ id: job.id, status: "running", attempts: 1, lockedBy: "w1" });
    expect(claimed!.heartbeatAt).toBeInstanceOf(Date);
    expect(await claimNextJob(database, "w2")).toBeNull();

    expect(await completeJob(database, job.id, "w2", {})).toBe(false);
    expect(await completeJob(database, job.id, "w1", { ok: true })).toBe(true);
    expect(await getJob(database, job.id)).toMatchObject({ status: "succeeded", result: { ok: true }, lockedBy: null });
  });

  it("does not claim jobs that are not due or of other types", async () => {
    const database = await db();
    await enqueueJob(database, { type: "test.later", runAt: new Date(Date.now() + 60_000) });
    const other = await enqueueJob(database, { type: "test.other" });
    expect(await claimNextJob(database, "w1", ["test.later", "test.mine"])).toBeNull();
    expect(await claimNextJob(database, "w1", [])).toBeNull();
    expect((await claimNextJob(database, "w1", ["test.other"]))?.id).toBe(other.id);
  });

  it("lets two concurrent claimers take different jobs (SKIP LOCKED)", async () => {
    const database = await db();
    const handle = await getTestDatabase();
    const second = handle.driver === "postgres" ? openDatabase({ databaseUrl: handle.url, poolMax: 2 }) : undefined;
    if (second) cleanups.push(() => second.close());
    const otherDb = second?.db ?? database;
    for (let i = 0; i < 6; i += 1) await enqueueJob(database, { type: "test.race" });

    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claimNextJob(i % 2 === 0 ? database : otherDb, `w${i}`)),
    );
    const ids = claims.filter((job) => job !== null).map((job) => job.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });

  it("retries a failed attempt after a backoff and fails for good after max attempts", async () => {
    const database = await db();
    const job = await enqueueJob(database, { type: "test.flaky", maxAttempts: 2 });
    await claimNextJob(database, "w1");
    expect(await failJobAttempt(database, job.id, "w1", "boom", { backoffBaseMs: 60_000 })).toBe("queued");
    const queued = await getJob(database, job.id);
    expect(queued).toMatchObject({ status: "queued", error: "boom", attempts: 1, lockedBy: null });
    expect(queued!.runAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(await claimNextJob(database, "w1")).toBeNull();

    await database
      .update(jobs)
      .set({ runAt: sql`now()` })
      .where(eq(jobs.id, job.id));
    expect(await claimNextJob(database, "w1")).toMatchObject({ attempts: 2 });
    expect(await failJobAttempt(database, job.id, "w1", "boom again")).toBe("failed");
    expect(await getJob(database, job.id)).toMatchObject({ status: "failed", error: "boom again", attempts: 2 });
  });

  it("re-claims a running job whose heartbeat is stale, and the old worker loses it", async () => {
    const database = await db();
    const job = await enqueueJob(database, { type: "test.stale" });
    await claimNextJob(database, "dead-worker");
    expect(await claimNextJob(database, "w2", { staleMs: 30_000 })).toBeNull();

    await database
      .update(jobs)
      .set({ heartbeatAt: sql`now() - interval '2 minutes'` })
      .where(eq(jobs.id, job.id));
    const retaken = await claimNextJob(database, "w2", { staleMs: 30_000 });
    expect(retaken).toMatchObject({ id: job.id, lockedBy: "w2", attempts: 2 });
    expect(await heartbeatJob(database, job.id, "dead-worker")).toBe(false);
    expect(await completeJob(database, job.id, "dead-worker", {})).toBe(false);
    expect(await heartbeatJob(database, job.id, "w2")).toBe(true);
  });

  it("fails a stale job that has no attempts left instead of running it again", async () => {
    const database = await db();
    const job = await enqueueJob(database, { type: "test.stale", maxAttempts: 1 });
    await claimNextJob(database, "dead-worker");
    await database
      .update(jobs)
      .set({ heartbeatAt: sql`now() - interval '2 minutes'` })
      .where(eq(jobs.id, job.id));
    expect(await claimNextJob(database, "w2", { staleMs: 30_000 })).toBeNull();
    expect(await getJob(database, job.id)).toMatchObject({
      status: "failed",
      error: expect.stringContaining("stopped responding"),
    });
  });

  it("cancels a queued job so nobody claims it", async () => {
    const database = await db();
    const job = await enqueueJob(database, { type: "test.cancel" });
    expect(await cancelJob(database, job.id)).toBe(true);
    expect(await cancelJob(database, job.id)).toBe(false);
    expect(await claimNextJob(database, "w1")).toBeNull();
    expect(await getJob(database, job.id)).toMatchObject({ status: "cancelled" });
  });

  it("never takes over a cancelled job as stale, and its old worker can neither retry nor release it", async () => {
    const database = await db();
    const job = await enqueueJob(database, { type: "test.cancel", maxAttempts: 3 });
    await claimNextJob(database, "dead-worker");
    expect(await cancelJob(database, job.id)).toBe(true);
    await database
      .update(jobs)
      .set({ heartbeatAt: sql`now() - interval '10 minutes'` })
      .where(eq(jobs.id, job.id));
    expect(await claimNextJob(database, "w2", { staleMs: 1_000 })).toBeNull();
    expect(await failJobAttempt(database, job.id, "dead-worker", "boom")).toBeNull();
    expect(await releaseJob(database, job.id, "dead-worker")).toBe(false);
    expect(await completeJob(database, job.id, "dead-worker", {})).toBe(false);
    expect(await getJob(database, job.id)).toMatchObject({ status: "cancelled", attempts: 1, lockedBy: null });
  });
});

describe("the job runner", () => {
  it("runs handlers, stores results and throttled progress, and leaves unknown types queued", async () => {
    const database = await db();
    const seen: number[] = [];
    register("test.progress", async ({ payload, reportProgress }) => {
      for (let i = 1; i <= 50; i += 1) await reportProgress(i, 50);
      seen.push(payload.n as number);
      return { doubled: (payload.n as number) * 2 };
    });
    const job = await enqueueJob(database, { type: "test.progress", payload: { n: 21 } });
    const orphan = await enqueueJob(database, { type: "test.nobody-handles-this" });

    const runner = startJobRunner({ db: database, workerId: "r1", pollMs: 20 });
    cleanups.push(() => runner.stop());
    const finished = await waitFor(
      () => getJob(database, job.id),
      (row) => row?.status === "succeeded",
    );
    expect(finished).toMatchObject({ result: { doubled: 42 }, progressDone: 50, progressTotal: 50, attempts: 1 });
    expect(seen).toEqual([21]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await getJob(database, orphan.id)).toMatchObject({ status: "queued", attempts: 0 });
  });

  it("writes progress at most every interval so pages can poll it", async () => {
    const database = await db();
    let release: () => void = () => {};
    register("test.slow", async ({ reportProgress }) => {
      await reportProgress(1, 10);
      for (let i = 2; i <= 9; i += 1) await reportProgress(i, 10);
      await new Promise<void>((resolve) => (release = resolve));
    });
    const job = await enqueueJob(database, { type: "test.slow" });
    const runner = startJobRunner({ db: database, workerId: "r1", pollMs: 20, progressIntervalMs: 10_000 });
    cleanups.push(() => runner.stop());
    const running = await waitFor(
      () => getJob(database, job.id),
      (row) => row?.progressDone === 1,
    );
    expect(running).toMatchObject({ status: "running", progressDone: 1, progressTotal: 10 });
    release();
    // The last value is written when the job ends.
    expect(
      await waitFor(
        () => getJob(database, job.id),
        (row) => row?.status === "succeeded",
      ),
    ).toMatchObject({ progressDone: 9 });
  });

  it("retries a throwing handler until it succeeds", async () => {
    const database = await db();
    let calls = 0;
    register("test.flaky", async () => {
      calls += 1;
      if (calls < 3) throw new Error(`attempt ${calls} failed`);
      return { calls };
    });
    const job = await enqueueJob(database, { type: "test.flaky", maxAttempts: 3 });
    const runner = startJobRunner({ db: database, workerId: "r1", pollMs: 20, backoffBaseMs: 10 });
    cleanups.push(() => runner.stop());
    const done = await waitFor(
      () => getJob(database, job.id),
      (row) => row?.status === "succeeded",
    );
    expect(done).toMatchObject({ attempts: 3, result: { calls: 3 } });
  });

  it("does not retry a job cancelled while its handler runs, whether the handler throws or returns", async () => {
    const database = await db();
    const runs = new Map<string, number>();
    for (const outcome of ["throws", "returns"] as const) {
      register(`test.cancelled-${outcome}`, async ({ jobId, db: jobDb }) => {
        runs.set(jobId, (runs.get(jobId) ?? 0) + 1);
        await cancelJob(jobDb, jobId);
        if (outcome === "throws") throw new Error("stopped at a checkpoint");
        return { partial: true };
      });
    }
    const thrown = await enqueueJob(database, { type: "test.cancelled-throws" });
    const returned = await enqueueJob(database, { type: "test.cancelled-returns" });
    const runner = startJobRunner({ db: database, workerId: "r1", pollMs: 10, backoffBaseMs: 1 });
    cleanups.push(() => runner.stop());
    await waitFor(
      async () => runs.size,
      (size) => size === 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const job of [thrown, returned]) {
      expect(await getJob(database, job.id)).toMatchObject({
        status: "cancelled",
        attempts: 1,
        result: null,
        error: null,
      });
      expect(runs.get(job.id)).toBe(1);
    }
  });

  it("aborts a running job that is cancelled", async () => {
    const database = await db();
    let aborted = false;
    register("test.long", async ({ signal }) => {
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      aborted = true;
      throw new Error("stopped");
    });
    const job = await enqueueJob(database, { type: "test.long" });
    const runner = startJobRunner({ db: database, workerId: "r1", pollMs: 20, heartbeatMs: 30 });
    cleanups.push(() => runner.stop());
    await waitFor(
      () => getJob(database, job.id),
      (row) => row?.status === "running",
    );
    await cancelJob(database, job.id);
    await waitFor(
      async () => aborted,
      (value) => value,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await getJob(database, job.id)).toMatchObject({ status: "cancelled" });
  });

  it("on stop, gives the running job back to the queue without counting the attempt", async () => {
    const database = await db();
    register("test.long", async ({ signal }) => {
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      throw new Error("interrupted");
    });
    const job = await enqueueJob(database, { type: "test.long" });
    const runner = startJobRunner({ db: database, workerId: "r1", pollMs: 20 });
    await waitFor(
      () => getJob(database, job.id),
      (row) => row?.status === "running",
    );
    await runner.stop();
    expect(await getJob(database, job.id)).toMatchObject({ status: "queued", attempts: 0, lockedBy: null });
  });

  it("shares many jobs between two runners, running each exactly once", async () => {
    const database = await db();
    const handle = await getTestDatabase();
    const second = handle.driver === "postgres" ? openDatabase({ databaseUrl: handle.url, poolMax: 4 }) : undefined;
    if (second) cleanups.push(() => second.close());

    const runs = new Map<string, string[]>();
    register("test.count", async ({ jobId, db: jobDb }) => {
      await jobDb.execute(sql`select pg_sleep(0.001)`);
      const byWorker = runs.get(jobId) ?? [];
      byWorker.push(jobDb === database ? "a" : "b");
      runs.set(jobId, byWorker);
    });
    const total = 120;
    await database
      .insert(jobs)
      .values(Array.from({ length: total }, (_, i) => ({ type: "test.count", payload: { i } })));

    const a = startJobRunner({ db: database, workerId: "runner-a", concurrency: 3, pollMs: 10 });
    const b = startJobRunner({ db: second?.db ?? database, workerId: "runner-b", concurrency: 3, pollMs: 10 });
    cleanups.push(
      () => a.stop(),
      () => b.stop(),
    );
    await waitFor(
      async () => (await database.select({ id: jobs.id }).from(jobs).where(eq(jobs.status, "succeeded"))).length,
      (count) => count === total,
      60_000,
    );
    await Promise.all([a.stop(), b.stop()]);

    expect(runs.size).toBe(total);
    expect([...runs.values()].every((workers) => workers.length === 1)).toBe(true);
    const rows = await database.select({ attempts: jobs.attempts, lockedBy: jobs.lockedBy }).from(jobs);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    if (second) {
      // Both runners took part (the claims of a real server really are concurrent).
      const workers = new Set([...runs.values()].flat());
      expect(workers.size).toBe(2);
    }
  });
});
