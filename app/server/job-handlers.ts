import { TICKET_IMPORT_JOB, runTicketImportJob } from "#app/services/tickets/import-job.server";
import { ASSIGN_JOB, RECLUSTER_JOB, runAssignJob, runReclusterJob } from "#app/services/clusters/jobs.server";
import { registerJobHandler } from "#app/services/jobs/registry.server";

/**
 * Every background job type the app knows, registered in one place: the queue itself knows no
 * service. Each process that runs jobs (the app server and `npm run worker`) calls this before
 * starting its runner; a job whose type has no handler here stays queued.
 */
export function registerJobHandlers(): void {
  registerJobHandler(TICKET_IMPORT_JOB, runTicketImportJob);
  registerJobHandler(RECLUSTER_JOB, runReclusterJob);
  registerJobHandler(ASSIGN_JOB, runAssignJob);
}
