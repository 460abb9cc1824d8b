import { useTranslation } from "react-i18next";
import { Card } from "#app/components/ui/page";
import type { Locale } from "#app/i18n/config";
import { formatDate, formatDateTime } from "#app/i18n/format";

type Entry = {
  id: number;
  type: "created" | "status" | "target_date" | "owner" | "edited" | "merged_from" | "outcome";
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  data: Record<string, unknown>;
  createdAt: string | Date;
  actorName: string | null;
};

export function Timeline({ entries, locale }: { entries: Entry[]; locale: Locale }) {
  const { t } = useTranslation("items");
  const describe = (entry: Entry) => {
    const actor =
      entry.actorName ??
      (entry.type === "created" || entry.type === "outcome" ? t("card.anonymous") : t("timeline.someone"));
    const data = entry.data;
    switch (entry.type) {
      case "status":
        return t("timeline.status", {
          actor,
          from: t(`status.${entry.fromStatus}`),
          to: t(`status.${entry.toStatus}`),
        });
      case "target_date":
        return t("timeline.target_date", {
          actor,
          from: typeof data.from === "string" ? formatDate(locale, data.from) : "—",
          to: typeof data.to === "string" ? formatDate(locale, data.to) : "—",
        });
      case "merged_from":
        return t("timeline.merged_from", { actor, number: data.number });
      case "outcome":
        return t("timeline.outcome", { actor, answer: t(`item.outcomeAnswer.${String(data.answer)}`) });
      default:
        return t(`timeline.${entry.type}`, { actor });
    }
  };
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">{t("item.timeline")}</h2>
      <ol className="mt-4 space-y-4 border-l-2 border-slate-200 pl-4">
        {entries.map((entry) => (
          <li key={entry.id} className="relative">
            <span
              aria-hidden="true"
              className="absolute -left-[1.4rem] top-1.5 h-2.5 w-2.5 rounded-full bg-brand-600"
            />
            <p className="text-sm font-medium text-slate-900">{describe(entry)}</p>
            <p className="text-xs text-slate-600">
              <time dateTime={new Date(entry.createdAt).toISOString()}>{formatDateTime(locale, entry.createdAt)}</time>
            </p>
            {entry.note ? (
              <p className="mt-1 whitespace-pre-line rounded bg-slate-50 p-2 text-sm text-slate-800">{entry.note}</p>
            ) : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}
