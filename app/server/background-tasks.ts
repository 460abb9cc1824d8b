import type { Database } from "#db/client.server";
import { deliverPendingEmails } from "#app/services/email/deliver.server";
import { deliverManagerDigests } from "#app/services/email/manager-digest.server";
import { pruneEvents } from "#app/services/events.server";
import { notifyOverdueOwners } from "#app/services/status.server";
import { deleteAbandonedUploads } from "#app/services/tickets/imports.server";
import type { Env } from "#app/utils/env.server";
import type { Logger } from "#app/utils/logger.server";
import { startPeriodic, type PeriodicTask } from "./periodic";

/**
 * The periodic work, in every instance: the queries claim rows with SKIP LOCKED, so several
 * instances never do the same work twice. Email delivery runs only when SMTP_URL is set.
 */
export function startBackgroundTasks({ db, env, log }: { db: Database; env: Env; log: Logger }): PeriodicTask[] {
  const periodic = [
    startPeriodic(
      "events pruning",
      60 * 60_000,
      async () => {
        const pruned = await pruneEvents(db);
        log.debug("events pruned", { pruned });
      },
      log,
    ),
    startPeriodic(
      "abandoned uploads cleanup",
      60 * 60_000,
      async () => {
        const deleted = await deleteAbandonedUploads(db);
        log.debug("abandoned uploads deleted", { deleted });
      },
      log,
    ),
    startPeriodic(
      "overdue reminders",
      15 * 60_000,
      async () => {
        const asked = await notifyOverdueOwners(db);
        log.debug("overdue reminders", { asked });
      },
      log,
    ),
  ];
  if (env.SMTP_URL) {
    periodic.push(
      startPeriodic(
        "email delivery",
        60_000,
        async () => {
          const result = await deliverPendingEmails(db);
          log.debug("email delivery", result);
          const managers = await deliverManagerDigests(db);
          if (managers.sent || managers.failed) log.info("manager digests", managers);
        },
        log,
      ),
    );
  }
  return periodic;
}
