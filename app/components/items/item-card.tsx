import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { formatDate } from "#app/i18n/format";
import type { Locale } from "#app/i18n/config";
import type { BoardItem } from "#app/services/board.server";
import { canVote } from "#app/services/workflow";
import { OverdueBadge, StatusBadge } from "./status-badge";
import { TagList } from "./tag-list";
import { VoteButton } from "./vote-button";

type CardItem = Omit<BoardItem, "createdAt"> & { createdAt: string | Date };

/** "di Sara Esposito", "Anonimo", or for the anonymous author herself, that only she knows. */
export function authorLine(
  t: TFunction<"items">,
  item: { anonymous: boolean; authorName: string | null; mine?: boolean },
): string {
  if (item.anonymous && item.mine) return t("card.anonymousMine");
  return item.authorName && !item.anonymous ? t("card.by", { name: item.authorName }) : t("card.anonymous");
}

export function ItemCard({ item, locale }: { item: CardItem; locale: Locale }) {
  const { t } = useTranslation("items");
  return (
    <article className="flex gap-3 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200 sm:gap-4 sm:p-4">
      <VoteButton
        number={item.number}
        title={item.title}
        votes={item.votes}
        voted={item.voted}
        closed={!canVote(item.status)}
      />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2 text-xs">
          <span className="font-semibold uppercase tracking-wide text-slate-700">{t(`kind.${item.kind}`)}</span>
          <StatusBadge status={item.status} />
          {item.overdue ? <OverdueBadge /> : null}
        </div>
        <h2 className="mt-1 text-base font-semibold leading-snug text-slate-900">
          <Link to={`/items/${item.number}`} className="hover:underline">
            {item.title}
          </Link>
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          #{item.number} · {authorLine(t, item)} · {formatDate(locale, item.createdAt)}
          {item.area ? ` · ${t(`area.${item.area}`)}` : ""}
          {item.teamName ? ` · ${item.teamName}` : ""}
        </p>
        <p className="mt-1 flex flex-wrap gap-x-3 text-sm text-slate-700">
          <span>{t("card.comments", { count: item.comments })}</span>
          {item.ownerName ? <span>{t("card.owner", { name: item.ownerName })}</span> : null}
          {item.targetDate ? <span>{t("card.due", { date: formatDate(locale, item.targetDate) })}</span> : null}
        </p>
        <TagList tags={item.tags} />
      </div>
    </article>
  );
}
