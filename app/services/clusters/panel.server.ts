import type { Database, Queryable } from "#db/client.server";
import type { SessionUser } from "#app/auth/session.server";
import { defaultLocale, type Locale } from "#app/i18n/config";
import { can } from "#app/services/permissions";
import { clusterName } from "./names";
import { afterDone, itemImpact } from "./impact.server";
import { listClusterKpis } from "./kpis.server";
import { linkItemToCluster, listClusterChoices, listItemClusterIds, unlinkItemFromCluster } from "./manage.server";

/** What the item page shows about ticket clusters: links with size and trend, impact, and after-done. */
export async function getItemClusterPanel(
  db: Queryable,
  item: { id: string; status: string; doneAt: Date | null },
  viewer: SessionUser,
  locale: Locale = defaultLocale,
) {
  const canManage = can(viewer.role, "clusters:manage");
  const ids = await listItemClusterIds(db, item.id);
  const [linked, impact, after, choices] = await Promise.all([
    listClusterKpis(db, { clusterIds: ids }),
    itemImpact(db, item.id),
    item.status === "done" && item.doneAt && ids.length ? afterDone(db, item.id, item.doneAt) : Promise.resolve(null),
    canManage ? listClusterChoices(db) : Promise.resolve([]),
  ]);
  return {
    clusters: linked.map((row) => ({
      id: row.id,
      number: row.number,
      label: clusterName(row, locale),
      size: row.size,
      weekly: row.weekly,
      retired: row.retired,
    })),
    impact,
    afterDone: after,
    choices: choices
      .filter((choice) => !ids.includes(choice.id))
      .map((choice) => ({ id: choice.id, label: clusterName(choice, locale), size: choice.size })),
    canManage,
    canOpenClusters: can(viewer.role, "clusters:view"),
  };
}

export type ItemClusterPanel = Awaited<ReturnType<typeof getItemClusterPanel>>;

export async function changeItemClusterLink(
  db: Database,
  viewer: SessionUser,
  itemId: string,
  intent: "cluster-link" | "cluster-unlink",
  clusterId: string,
) {
  const actor = { id: viewer.id, role: viewer.role };
  return intent === "cluster-link"
    ? linkItemToCluster(db, actor, itemId, clusterId)
    : unlinkItemFromCluster(db, actor, itemId, clusterId);
}
