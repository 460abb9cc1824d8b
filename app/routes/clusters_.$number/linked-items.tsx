import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StatusBadge } from "#app/components/items/status-badge";
import { Card } from "#app/components/ui/page";
import type { ClusterPageData } from "./route";

/** Items posted about this cluster's problem. */
export function LinkedItems({ linked }: { linked: ClusterPageData["linked"] }) {
  const { t } = useTranslation("clusters");
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">{t("detail.linkedItems")}</h2>
      {linked.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">{t("detail.noLinkedItems")}</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {linked.map((item) => (
            <li key={item.id} className="text-sm">
              <Link to={`/items/${item.number}`} className="font-medium text-slate-900 underline">
                #{item.number} {item.title}
              </Link>{" "}
              <StatusBadge status={item.status} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
