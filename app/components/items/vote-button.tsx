import { useFetcher, useLocation } from "@remix-run/react";
import type { FormEvent } from "react";
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

/**
 * A plain form without JavaScript (the action redirects back here); with it, a fetcher
 * that shows the new count at once and settles on the server's answer.
 */
export function VoteButton({ number, title, votes, voted, closed, size = "sm", caption }: Props) {
  const { t } = useTranslation("items");
  const fetcher = useFetcher<{ votes?: number; voted?: boolean }>({ key: `vote-${number}` });
  const location = useLocation();
  const pending = fetcher.formData ? fetcher.formData.get("voted") === "true" : undefined;
  const settled = fetcher.state === "idle" && fetcher.data?.votes !== undefined ? fetcher.data : undefined;
  const isVoted = pending ?? settled?.voted ?? voted;
  const count = pending !== undefined ? votes + (pending === voted ? 0 : pending ? 1 : -1) : (settled?.votes ?? votes);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    fetcher.submit({ intent: "vote", voted: String(!isVoted) }, { method: "post", action: `/items/${number}` });
  }

  const box = size === "lg" ? "h-20 w-20 text-2xl" : caption ? "min-h-16 w-16 px-1 py-1 text-lg" : "h-16 w-14 text-lg";
  if (closed) {
    return (
      <div
        className={`flex shrink-0 flex-col items-center justify-center rounded-lg bg-slate-100 text-slate-700 ${box}`}
        title={t("card.votesClosed")}
      >
        <span className="font-bold" aria-hidden="true">
          {count}
        </span>
        <span className="sr-only">{t("card.votes", { count })}</span>
        <span className="text-[10px] font-medium uppercase">{t("card.votesClosed")}</span>
      </div>
    );
  }
  return (
    <fetcher.Form method="post" action={`/items/${number}`} onSubmit={submit} className="shrink-0">
      <input type="hidden" name="intent" value="vote" />
      <input type="hidden" name="voted" value={String(!isVoted)} />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <button
        type="submit"
        aria-pressed={isVoted}
        aria-label={
          caption
            ? `${isVoted ? caption.voted : caption.vote}: ${title} (${t("card.votes", { count })})`
            : `${isVoted ? t("card.unvoteFor", { title }) : t("card.voteFor", { title })} (${t("card.votes", { count })})`
        }
        className={`flex flex-col items-center justify-center rounded-lg border-2 font-bold transition-colors ${box} ${
          isVoted
            ? "border-brand-600 bg-brand-600 text-white"
            : "border-slate-300 bg-white text-slate-900 hover:border-brand-600"
        }`}
      >
        <span aria-hidden="true" className="text-xs leading-none">
          ▲
        </span>
        <span aria-hidden="true">{count}</span>
        {caption ? (
          <span aria-hidden="true" className="mt-0.5 text-center text-[10px] font-semibold uppercase leading-tight">
            {isVoted ? caption.voted : caption.vote}
          </span>
        ) : null}
      </button>
    </fetcher.Form>
  );
}
