// The job queue's public surface. Handlers live in handlers.server.ts.
export {
  backoffMs,
  cancelJob,
  claimNextJob,
  completeJob,
  enqueueJob,
  failJobAttempt,
  getJob,
  heartbeatJob,
  releaseJob,
  setJobProgress,
  type EnqueueInput,
} from "./queue.server";
export { getJobHandler, registerJobHandler, registeredJobTypes } from "./registry.server";
export { startJobRunner, type JobRunner, type JobRunnerOptions } from "./runner.server";
export type { JobContext, JobHandler } from "./types";
