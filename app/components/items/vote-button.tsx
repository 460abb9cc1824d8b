import { useFetcher, useLocation } from "@remix-run/react";
import type { MouseEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { canVote, type ItemStatus } from "#app/services/workflow";

type Props = {
  /** `voted` left out means not voted; voting is closed once the status no longer allows it. */
  item: { number: number; title: string; votes: number; voted?: boolean; status: ItemStatus };
  size?: "sm" | "lg";
  /** A visible word under the count (e.g. "Vote instead" next to similar items); it also starts the button's name. */
  caption?: { vote: string; voted: string };
};

/**
 * The form the vote buttons inside it submit without JavaScript: what they share (the intent
 * and where to come back to) is written once, and each button adds its item's address and the
 * new state. Every VoteButton sits inside one.
 */
export function VoteForm({ className, children }: { className?: string; children: ReactNode }) {
  const location = useLocation();
  return (
    <form method="post" className={className}>
      <input type="hidden" name="intent" value="vote" />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      {children}
    </form>
  );
}

/**
 * A plain submit button of its VoteForm without JavaScript (the action redirects back
 * here); with it, a fetcher that shows the new count at once and settles on the server's answer.
 */
export function VoteButton({ item, size = "sm", caption }: Props) {
  const { t } = useTranslation("items");
  const { number, title, votes, voted = false } = item;
  const fetcher = useFetcher<{ votes?: number; voted?: boolean }>({ key: `vote-${number}` });
  const pending = fetcher.formData ? fetcher.formData.get("voted") === "true" : undefined;
  const settled = fetcher.state === "idle" && fetcher.data?.votes !== undefined ? fetcher.data : undefined;
  const isVoted = pending ?? settled?.voted ?? voted;
  const count = pending !== undefined ? votes + (pending === voted ? 0 : pending ? 1 : -1) : (settled?.votes ?? votes);
  const action = `/items/${number}`;

  function submit(event: MouseEvent<HTMLButtonElement>) {
    event.preventDefault();
    fetcher.submit({ intent: "vote", voted: String(!isVoted) }, { method: "post", action });
  }

  // The small box's size is in the `vote` class; the others override it. The button's type is
  // left to the default, submit.
  const box = size === "lg" ? "vote h-20 w-20 text-2xl" : caption ? "vote h-auto min-h-16 w-16 px-1 py-1" : "vote";
  if (!canVote(item.status)) {
    return (
      <div className={box} title={t("card.votesClosed")}>
        <b aria-hidden="true">{count}</b>
        <span className="sr-only">{t("card.votes", { count })}</span>
        <small>{t("card.votesClosed")}</small>
      </div>
    );
  }
  return (
    <button
      formAction={action}
      name="voted"
      value={String(!isVoted)}
      onClick={submit}
      aria-pressed={isVoted}
      aria-label={
        caption
          ? `${isVoted ? caption.voted : caption.vote}: ${title} (${t("card.votes", { count })})`
          : `${isVoted ? t("card.unvoteFor", { title }) : t("card.voteFor", { title })} (${t("card.votes", { count })})`
      }
      className={box}
    >
      {count}
      {caption ? (
        <span aria-hidden="true" className="mt-0.5 text-center text-[10px] font-semibold uppercase leading-tight">
          {isVoted ? caption.voted : caption.vote}
        </span>
      ) : null}
    </button>
  );
}
