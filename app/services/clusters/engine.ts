// The one place that talks to the clustering engine, so its contract is adapted here alone.
import { assignDocument, clusterDocuments, matchClusters, modelSimilarities } from "#app/services/clustering/index";
import type { Assignment, ClusterDocument, ClusteringOptions, ClusteringResult, ClusterModel } from "#app/services/clustering/types";

export type { Assignment, ClusterDocument, ClusteringResult, ClusterModel };

/** The text the engine sees for a ticket; long bodies are cut, their start says enough. */
export function ticketText(subject: string, body: string): string {
  return `${subject}\n${body}`.slice(0, 2000);
}

export function runClustering(documents: ClusterDocument[], options: ClusteringOptions): ClusteringResult {
  return clusterDocuments(documents, { seed: 1, ...options });
}

export function assignText(model: ClusterModel, text: string): Assignment {
  return assignDocument(model, text);
}

/** For each found cluster, the id of the previous cluster it continues, or null when it is new. */
export function matchPrevious(previous: Array<{ id: string; documentIds: string[] }>, next: ClusteringResult["clusters"]): Array<string | null> {
  return matchClusters(previous, next);
}

/** The similarity of a text to every cluster of the model, by model index. */
export function similarities(model: ClusterModel, text: string): number[] {
  return Array.from(modelSimilarities(model, text));
}
