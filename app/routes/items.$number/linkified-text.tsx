import { linkify } from "#app/utils/linkify";

/** Plain text with clickable links; React escapes everything else. */
export function LinkifiedText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((segment, index) =>
        segment.type === "link" ? (
          <a key={index} href={segment.href} rel="noopener noreferrer nofollow ugc" target="_blank" className="text-brand-700 underline">
            {segment.value}
          </a>
        ) : (
          <span key={index}>{segment.value}</span>
        ),
      )}
    </>
  );
}
