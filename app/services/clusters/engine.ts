// The one place that talks to the clustering engine, so its contract is adapted here alone.
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { assignDocument, closeClusters, clusterDocuments, matchClusters } from "#app/services/clustering/index";
import type {
  Assignment,
  ClusterDocument,
  ClusteringOptions,
  ClusteringResult,
  ClusterModel,
} from "#app/services/clustering/types";

export type { Assignment, ClusterDocument, ClusteringResult, ClusterModel };

/** The text the engine sees for a ticket; long bodies are cut, their start says enough. */
export function ticketText(subject: string, body: string): string {
  return `${subject}\n${body}`.slice(0, 2000);
}

/** Below this many documents a clustering takes a fraction of a second: run it in this thread. */
const IN_THREAD_LIMIT = 1_000;
// Resolved from the project folder: the server bundle lives elsewhere, but runs from there.
const WORKER_FILE = path.resolve("app/services/clusters/engine-worker.mjs");

/** Clusters the documents; large runs go to a worker thread so requests keep being served. */
export async function runClustering(
  documents: ClusterDocument[],
  options: ClusteringOptions,
): Promise<ClusteringResult> {
  const settings = { seed: 1, ...options };
  if (documents.length < IN_THREAD_LIMIT || !existsSync(WORKER_FILE)) return clusterDocuments(documents, settings);
  const { onProgress, ...workerOptions } = settings;
  return new Promise<ClusteringResult>((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, {
      workerData: { documents, options: workerOptions },
    });
    let settled = false;
    worker.on(
      "message",
      (message: { type: "progress"; fraction: number } | { type: "result"; result: ClusteringResult }) => {
        if (message.type === "progress") onProgress?.(message.fraction);
        else {
          settled = true;
          resolve(message.result);
          void worker.terminate();
        }
      },
    );
    worker.on("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`The clustering worker stopped with code ${code}.`));
    });
  });
}

export function assignText(model: ClusterModel, text: string): Assignment {
  return assignDocument(model, text);
}

/** For each found cluster, the id of the previous cluster it continues, or null when it is new. */
export function matchPrevious(
  previous: Array<{ id: string; documentIds: string[] }>,
  next: ClusteringResult["clusters"],
): Array<string | null> {
  return matchClusters(previous, next);
}

/** The clusters truly close to a text, best first, by model index (none for a text too short to mean anything). */
export function closeTo(model: ClusterModel, text: string): Array<{ clusterIndex: number; similarity: number }> {
  return closeClusters(model, text);
}
