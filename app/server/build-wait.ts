// `npm start` with a missing or stale build builds the app while the server starts: the server
// gets its database ready (migrations, demo data) meanwhile, then asks whether the build is done.
import cluster from "node:cluster";

/** Set by scripts/start.mjs on a server it starts while the build is still running. */
export const BUILD_PENDING_ENV = "FLOORBOARD_BUILD_PENDING";

function isBuildAnswer(message: unknown): message is { type: "build"; ok: boolean } {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === "build";
}

/** Resolves true once the build is there (at once when none is running), false when it failed. */
export function waitForBuild(): Promise<boolean> {
  // Forked web processes start after their primary has waited.
  if (process.env[BUILD_PENDING_ENV] !== "1" || !process.send || cluster.isWorker) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if (!isBuildAnswer(message)) return;
      process.off("message", onMessage);
      // The channel was only for this question; left open it would outlive a shutdown.
      process.disconnect?.();
      resolve(message.ok);
    };
    process.on("message", onMessage);
    process.send?.({ type: "build?" });
  });
}
