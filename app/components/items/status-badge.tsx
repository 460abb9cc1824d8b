import { useTranslation } from "react-i18next";
import type { ItemStatus } from "#app/services/workflow";

/** Each status has its tint in the `badge-<status>` class (app/tailwind.css). */
export function StatusBadge({ status }: { status: ItemStatus }) {
  const { t } = useTranslation("items");
  return <span className={`badge-${status}`}>{t(`status.${status}`)}</span>;
}

export function OverdueBadge() {
  const { t } = useTranslation("items");
  return <span className="badge-overdue">{t("card.overdue")}</span>;
}
