// Runs one clustering in a worker thread, so that a long run never blocks the web server.
import { parentPort, workerData } from "node:worker_threads";
import { clusterDocuments } from "../clustering/index";
import type { ClusterDocument, ClusteringOptions } from "../clustering/types";

const { documents, options } = workerData as {
  documents: ClusterDocument[];
  options: Omit<ClusteringOptions, "onProgress">;
};
let lastReported = 0;
const result = clusterDocuments(documents, {
  ...options,
  onProgress: (fraction) => {
    // Progress messages are cheap, but a few per second are enough for a progress bar.
    const now = Date.now();
    if (now - lastReported < 200) return;
    lastReported = now;
    parentPort?.postMessage({ type: "progress", fraction });
  },
});
parentPort?.postMessage({ type: "result", result });
