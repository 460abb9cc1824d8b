import type { Logger } from "#app/utils/logger.server";

export type PeriodicTask = {
  /** Stops the timer and waits for a run in progress to finish. */
  stop: () => Promise<void>;
};

/**
 * Runs `task` every `intervalMs` in the background. The timer does not keep the process
 * alive, a slow run is never overlapped by the next one, and errors are logged, not thrown.
 */
export function startPeriodic(name: string, intervalMs: number, task: () => Promise<void>, log: Logger): PeriodicTask {
  let running: Promise<void> | undefined;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = task()
      .catch((error: unknown) => log.error(`${name} failed`, { error }))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
