import { registerJobHandler, startJobRunner } from "#app/services/jobs/index";
import { TICKET_IMPORT_JOB, runTicketImportJob } from "#app/services/tickets/import-job.server";
import { getImportView } from "#app/services/tickets/imports.server";
import { getDb } from "#db/client.server";

/** Runs the job queue with the import handler until the import succeeds or fails; returns its view. */
export async function runImportToEnd(importId: string, timeoutMs = 30_000) {
  const unregister = registerJobHandler(TICKET_IMPORT_JOB, runTicketImportJob);
  const runner = startJobRunner({ db: getDb(), workerId: "test-runner", pollMs: 10 });
  try {
    const started = Date.now();
    for (;;) {
      const view = await getImportView(getDb(), importId);
      if (view && (view.shownStatus === "succeeded" || view.shownStatus === "failed")) return view;
      if (Date.now() - started > timeoutMs) throw new Error(`import did not finish: ${JSON.stringify(view)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await runner.stop();
    unregister();
  }
}
