import { useFetcher, useLocation } from "@remix-run/react";
import type { MouseEvent } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  number: number;
  title: string;
  votes: number;
  voted: boolean;
  closed: boolean;
  size?: "sm" | "lg";
  /** A visible word under the count (e.g. "Vote instead" next to similar items); it also starts the button's name. */
  caption?: { vote: string; voted: string };
};

const VOTE_FORM_ID = "vote-form";

/**
 * The form every vote button of a page submits without JavaScript: what the buttons share
 * (the intent and where to come back to) is written once, and each button adds its item's
 * address and the new state. Render it once on any page that shows a VoteButton.
 */
export function VoteForm() {
  const location = useLocation();
  return (
    <form id={VOTE_FORM_ID} method="post" hidden>
      <input type="hidden" name="intent" value="vote" />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
    </form>
  );
}

/**
 * A plain submit button of the page's VoteForm without JavaScript (the action redirects back
 * here); with it, a fetcher that shows the new count at once and settles on the server's answer.
 */
export function VoteButton({ number, title, votes, voted, closed, size = "sm", caption }: Props) {
  const { t } = useTranslation("items");
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

  // The small box's size is in the `vote` class; the others override it.
  const box = size === "lg" ? "vote h-20 w-20 text-2xl" : caption ? "vote h-auto min-h-16 w-16 px-1 py-1" : "vote";
  if (closed) {
    return (
      <div className={`${box} vote-closed`} title={t("card.votesClosed")}>
        <b aria-hidden="true">{count}</b>
        <span className="sr-only">{t("card.votes", { count })}</span>
        <small>{t("card.votesClosed")}</small>
      </div>
    );
  }
  return (
    <button
      type="submit"
      form={VOTE_FORM_ID}
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
      className={`${box} vote-button`}
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
