import type { JobHandler } from "./types";

// One registry per process, on globalThis so the server, the Remix build and Vite's dev
// module graph all see the same handlers.
const globalKey = Symbol.for("floorboard.jobHandlers");
type GlobalWithHandlers = typeof globalThis & { [globalKey]?: Map<string, JobHandler> };

function registry(): Map<string, JobHandler> {
  const g = globalThis as GlobalWithHandlers;
  g[globalKey] ??= new Map();
  return g[globalKey];
}

/** Registers the handler for a job type (replacing any earlier one); returns a function that removes it. */
export function registerJobHandler(type: string, handler: JobHandler): () => void {
  registry().set(type, handler);
  return () => {
    if (registry().get(type) === handler) registry().delete(type);
  };
}

export function getJobHandler(type: string): JobHandler | undefined {
  return registry().get(type);
}

/** The types this process can run: the runner claims only these, so other jobs stay queued. */
export function registeredJobTypes(): string[] {
  return [...registry().keys()];
}
