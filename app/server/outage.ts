import type { ServerBuild } from "@remix-run/node";
import { describeError, isDataError, isUnavailableError } from "#db/errors.server";

/*
 * What the server does while the database is away: start-up waits for it with backoff and
 * says in one line what is wrong; pages answer 503 instead of 500; input the database refuses
 * is a 400. The health check has its own deadline (see routes/healthz.ts).
 */

export type WaitOptions = {
  /** Runs one cheap query; throws while the database cannot be reached. */
  probe: () => Promise<unknown>;
  /** Where the database is, for the message ("127.0.0.1:5432", "embedded"). */
  where: string;
  /** Gives up after this long. */
  totalMs?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  log: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
};

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the database answers, retrying with doubling delays; resolves true once it
 * does, false when `totalMs` has passed. Only an unreachable database is waited for: any
 * other error (bad password, missing database) is thrown at once.
 */
export async function waitForDatabase(options: WaitOptions): Promise<boolean> {
  const { probe, where, log } = options;
  const totalMs = options.totalMs ?? 60_000;
  const sleep = options.sleep ?? pause;
  let delay = options.firstDelayMs ?? 1_000;
  let waited = 0;
  for (;;) {
    try {
      await probe();
      if (waited > 0) log(`The database at ${where} answers again; starting.`);
      return true;
    } catch (error) {
      if (!isUnavailableError(error)) throw error;
      if (waited >= totalMs) {
        log(
          `Cannot reach the database at ${where} after ${Math.round(waited / 1000)} s (${describeError(error)}); giving up.`,
        );
        return false;
      }
      const wait = Math.min(delay, totalMs - waited);
      log(`Cannot reach the database at ${where} (${describeError(error)}); retrying in ${Math.ceil(wait / 1000)} s.`);
      await sleep(wait);
      waited += wait;
      delay = Math.min(delay * 2, options.maxDelayMs ?? 15_000);
    }
  }
}

type RouteFunction = (...args: never[]) => unknown;

/** A loader or action whose database outage is a 503 and whose refused input is a 400. */
export function guardRouteFunction<F extends RouteFunction>(run: F): F {
  const guarded = async (...args: Parameters<F>) => {
    try {
      return await run(...args);
    } catch (error) {
      if (error instanceof Response || !(error instanceof Error)) throw error;
      // Real Responses, so resource routes (CSV, health) send the status too.
      if (isUnavailableError(error))
        throw Response.json({ reason: "unavailable" }, { status: 503, headers: { "Retry-After": "5" } });
      if (isDataError(error)) throw Response.json({ reason: "validation:invalidForm" }, { status: 400 });
      throw error;
    }
  };
  return guarded as unknown as F;
}

/** The same server build with every route's loader and action guarded. */
export function guardBuild(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const module = { ...route.module };
    if (module.loader) module.loader = guardRouteFunction(module.loader);
    if (module.action) module.action = guardRouteFunction(module.action);
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}
