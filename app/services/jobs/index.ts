// The job queue's public surface. It runs the handlers registered with it: the app's are
// registered by the processes that run jobs (app/server/job-handlers.ts).
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
