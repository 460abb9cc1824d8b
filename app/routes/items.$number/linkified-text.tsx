import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { splitMentions } from "#app/utils/handle";
import { linkify } from "#app/utils/linkify";

/**
 * Plain text with clickable links, and "@handles" of real people as links to what they
 * posted; React escapes everything else.
 */
export function LinkifiedText({ text, mentions }: { text: string; mentions?: ReadonlyMap<string, string> }) {
  const { t } = useTranslation("items");
  const known = new Set(mentions?.keys() ?? []);
  return (
    <>
      {linkify(text).map((segment, index) =>
        segment.type === "link" ? (
          <a
            key={index}
            href={segment.href}
            rel="noopener noreferrer nofollow ugc"
            target="_blank"
            className="text-brand-700 underline"
          >
            {segment.value}
          </a>
        ) : (
          <span key={index}>
            {splitMentions(segment.value, known).map((part, partIndex) =>
              part.type === "mention" ? (
                <Link
                  key={partIndex}
                  to={`/board?author=${encodeURIComponent(part.handle)}`}
                  title={t("item.mentionTitle", { name: mentions?.get(part.handle) ?? part.handle })}
                  className="font-semibold text-brand-700 underline"
                >
                  {part.value}
                </Link>
              ) : (
                part.value
              ),
            )}
          </span>
        ),
      )}
    </>
  );
}
