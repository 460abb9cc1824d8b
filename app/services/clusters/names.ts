// The name a cluster shows: a manager's name wins; else the engine's name in the page's
// language (Italian is the first language, and older clusters have only it).
import type { Locale } from "#app/i18n/config";

export type ClusterNames = { name: string | null; label: string; labelEn?: string | null };

export function clusterName(cluster: ClusterNames, locale: Locale): string {
  if (cluster.name) return cluster.name;
  return locale === "en" ? (cluster.labelEn ?? cluster.label) : cluster.label;
}
