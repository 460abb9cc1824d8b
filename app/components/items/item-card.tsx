import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { formatDate } from "#app/i18n/format";
import type { Locale } from "#app/i18n/config";
import type { BoardCard } from "#app/services/board.server";
import { OverdueBadge, StatusBadge } from "./status-badge";
import { TagList } from "./tag-list";
import { VoteButton } from "./vote-button";

/** "di Sara Esposito", "Anonimo", or for the anonymous author herself, that only she knows. */
export function authorLine(
  t: TFunction<"items">,
  item: { anonymous?: boolean; authorName?: string | null; mine?: boolean },
): string {
  if (item.anonymous && item.mine) return t("card.anonymousMine");
  return item.authorName && !item.anonymous ? t("card.by", { name: item.authorName }) : t("card.anonymous");
}

export function ItemCard({ item, locale }: { item: BoardCard; locale: Locale }) {
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
      <VoteButton item={item} />
      <header>
        <span>{t(`kind.${item.kind}`)}</span>
        <StatusBadge status={item.status} />
        {item.overdue ? <OverdueBadge /> : null}
      </header>
      <h2>
        <Link to={`/items/${item.number}`}>{item.title}</Link>
      </h2>
      <p>{meta.filter(Boolean).join(" · ")}</p>
      <p>
        <span>{t("card.comments", { count: item.comments })}</span>
        {item.ownerName ? <span>{t("card.owner", { name: item.ownerName })}</span> : null}
        {item.targetDate ? <span>{t("card.due", { date: formatDate(locale, item.targetDate) })}</span> : null}
      </p>
      <TagList tags={item.tags} />
    </article>
  );
}
