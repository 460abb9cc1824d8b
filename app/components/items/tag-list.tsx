import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** An item's tags, each a link to the board filtered by it. */
export function TagList({ tags, className }: { tags: string[]; className?: string }) {
  const { t } = useTranslation("items");
  if (tags.length === 0) return null;
  return (
    <ul className={className ? `tags ${className}` : "tags"} aria-label={t("item.tags")}>
      {tags.map((tag) => (
        <li key={tag}>
          {/* The board's route is always known to the browser: nothing to discover ahead. */}
          <Link to={`/board?tag=${encodeURIComponent(tag)}`} discover="none">
            {`#${tag}`}
          </Link>
        </li>
      ))}
    </ul>
  );
}
