import { and, desc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "#db/client.server";
import { jobs } from "#db/schema/index";
import { enqueueJob } from "#app/services/jobs/index";
import type { JobHandler } from "#app/services/jobs/types";
import { writeAudit } from "#app/services/audit.server";
import { can } from "#app/services/permissions";
import { assignUnclustered, reclusterTickets } from "./recluster.server";
import type { ActorWithRole } from "#app/services/actor";

export const RECLUSTER_JOB = "clusters.recluster";
export const ASSIGN_JOB = "clusters.assign";

export const runReclusterJob: JobHandler = async ({ db, payload, reportProgress }) => {
  const k = typeof payload.k === "number" && Number.isInteger(payload.k) && payload.k > 1 ? payload.k : "auto";
  const result = await reclusterTickets(db, { k, onProgress: (done, total) => reportProgress(done, total) });
  return { ...result };
};

export const runAssignJob: JobHandler = async ({ db, reportProgress }) => {
  const result = await assignUnclustered(db, { onProgress: (done, total) => reportProgress(done, total) });
  return { ...result };
};

/** The re-clustering queued or running now, if any, for the progress shown on the clusters page. */
export async function activeReclusterJob(db: Queryable) {
  const [job] = await db
    .select({
      id: jobs.id,
      status: jobs.status,
      done: jobs.progressDone,
      total: jobs.progressTotal,
      createdAt: jobs.createdAt,
    })
    .from(jobs)
    .where(and(eq(jobs.type, RECLUSTER_JOB), inArray(jobs.status, ["queued", "running"])))
    .orderBy(desc(jobs.createdAt))
    .limit(1);
  return job ?? null;
}

export async function lastReclusterJob(db: Queryable) {
  const [job] = await db
    .select({
      id: jobs.id,
      status: jobs.status,
      done: jobs.progressDone,
      total: jobs.progressTotal,
      finishedAt: jobs.finishedAt,
      error: jobs.error,
    })
    .from(jobs)
    .where(eq(jobs.type, RECLUSTER_JOB))
    .orderBy(desc(jobs.createdAt))
    .limit(1);
  return job ?? null;
}

/** A manager asks for a re-clustering; one already waiting or running is reused. */
export async function requestRecluster(
  db: Queryable,
  actor: ActorWithRole,
): Promise<{ ok: true; jobId: string } | { ok: false; error: "forbidden" }> {
  if (!can(actor.role, "clusters:manage")) return { ok: false, error: "forbidden" };
  const active = await activeReclusterJob(db);
  if (active) return { ok: true, jobId: active.id };
  const job = await enqueueJob(db, { type: RECLUSTER_JOB, payload: {}, createdById: actor.id, maxAttempts: 1 });
  await writeAudit(db, { actorId: actor.id, action: "cluster.recluster", targetType: "job", targetId: job.id });
  return { ok: true, jobId: job.id };
}
