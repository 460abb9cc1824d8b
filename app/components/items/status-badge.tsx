import { useTranslation } from "react-i18next";
import type { ItemStatus } from "#app/services/workflow";

// Text colours meet 4.5:1 on their tinted backgrounds.
const tones: Record<ItemStatus, string> = {
  new: "bg-sky-100 text-sky-900",
  under_review: "bg-amber-100 text-amber-900",
  planned: "bg-violet-100 text-violet-900",
  in_progress: "bg-blue-100 text-blue-900",
  done: "bg-emerald-100 text-emerald-900",
  declined: "bg-slate-200 text-slate-800",
  duplicate: "bg-slate-200 text-slate-800",
};

export function StatusBadge({ status }: { status: ItemStatus }) {
  const { t } = useTranslation("items");
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ${tones[status]}`}>
      {t(`status.${status}`)}
    </span>
  );
}

export function OverdueBadge() {
  const { t } = useTranslation("items");
  return (
    <span className="inline-flex items-center rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-900">
      {t("card.overdue")}
    </span>
  );
}
