import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** An item's tags, each a link to the board filtered by it. */
export function TagList({ tags, className = "mt-2" }: { tags: string[]; className?: string }) {
  const { t } = useTranslation("items");
  if (tags.length === 0) return null;
  return (
    <ul className={`flex flex-wrap gap-1 ${className}`} aria-label={t("item.tags")}>
      {tags.map((tag) => (
        <li key={tag}>
          <Link
            to={`/board?tag=${encodeURIComponent(tag)}`}
            className="inline-flex items-center rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-800 hover:bg-slate-200 max-md:min-h-11 max-md:min-w-11 max-md:px-3 max-md:text-sm"
          >
            #{tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}
