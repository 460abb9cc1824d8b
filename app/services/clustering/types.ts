// The contract between the clustering engine (pure functions in this folder, no database)
// and the services that store its results. Everything here is plain data, JSON-serialisable.

export interface ClusterDocument {
  id: string;
  text: string;
  /** A short human summary (a ticket's subject), used to name the cluster. */
  title?: string;
}

export interface ClusteringOptions {
  /** A fixed number of clusters, or "auto" to choose it from the data. */
  k?: number | "auto";
  /** Seed for k-means++ and minibatch sampling: the same input and seed give the same result. */
  seed?: number;
  /** Called now and then with the share of the work done, 0 to 1. */
  onProgress?: (fraction: number) => void;
}

export interface FoundCluster {
  /** Ids of the member documents. */
  documentIds: string[];
  /** A short readable label from the cluster's distinctive terms, in its main language. */
  label: string;
  /** The name a person would give, for pages in Italian and in English. */
  names: { it: string; en: string };
  keywords: string[];
  /** Ids of the most central members, most central first. */
  representativeIds: string[];
  /** Cosine similarity of each member to the centre, in the order of documentIds. */
  similarities: number[];
}

export interface ClusteringResult {
  clusters: FoundCluster[];
  /** Documents close to no cluster. */
  unclustered: string[];
  /** Everything needed to assign a new document later, JSON-serialisable. */
  model: ClusterModel;
}

/** Opaque to callers: produced by the engine, stored as JSON, and given back to `assign`. */
export interface ClusterModel {
  version: number;
  /** One entry per cluster, in the order of ClusteringResult.clusters. */
  [key: string]: unknown;
}

export interface Assignment {
  /** Index into the model's clusters, or null when no cluster is close enough. */
  clusterIndex: number | null;
  similarity: number;
}
