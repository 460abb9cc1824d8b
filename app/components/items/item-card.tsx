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
  // Each line is one string, so React writes one text node rather than one per part.
  const meta = [
    `#${item.number}`,
    authorLine(t, item),
    formatDate(locale, item.createdAt),
    item.area ? t(`area.${item.area}`) : null,
    item.teamName,
  ];
  return (
    <article className="card">
      <VoteButton
        number={item.number}
        title={item.title}
        votes={item.votes}
        voted={item.voted}
        closed={!canVote(item.status)}
      />
      <div className="min-w-0 flex-1">
        <div className="card-head">
          <span className="card-kind">{t(`kind.${item.kind}`)}</span>
          <StatusBadge status={item.status} />
          {item.overdue ? <OverdueBadge /> : null}
        </div>
        <h2 className="card-title">
          <Link to={`/items/${item.number}`}>{item.title}</Link>
        </h2>
        <p className="card-line">{meta.filter(Boolean).join(" · ")}</p>
        <p className="card-line card-facts">
          <span>{t("card.comments", { count: item.comments })}</span>
          {item.ownerName ? <span>{t("card.owner", { name: item.ownerName })}</span> : null}
          {item.targetDate ? <span>{t("card.due", { date: formatDate(locale, item.targetDate) })}</span> : null}
        </p>
        <TagList tags={item.tags} />
      </div>
    </article>
  );
}
