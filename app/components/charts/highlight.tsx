import { Fragment } from "react";

const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/**
 * The text with the words that carry a cluster's distinctive terms in <mark>. Keywords can be
 * stems ("fattur") or two-word phrases, so each word is compared by its start.
 */
export function Highlighted({ text, keywords }: { text: string; keywords: string[] }) {
  const stems = [
    ...new Set(keywords.flatMap((keyword) => fold(keyword).split(/\s+/)).filter((stem) => stem.length >= 3)),
  ];
  if (stems.length === 0) return <>{text}</>;
  const parts = text.split(/([\p{L}\p{N}]+)/u);
  return (
    <>
      {parts.map((part, index) => {
        const word = fold(part);
        const hit =
          word.length >= 3 &&
          stems.some((stem) => word.startsWith(stem) || (stem.startsWith(word) && word.length >= 4));
        return hit ? (
          <mark key={index} className="rounded bg-yellow-100 px-0.5 text-slate-900">
            {part}
          </mark>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        );
      })}
    </>
  );
}
