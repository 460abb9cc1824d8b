import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { detectLocale } from "#app/i18n/i18n.server";
import { getDb } from "#db/client.server";
import { requirePermission } from "#app/auth/require.server";
import type { SessionUser } from "#app/auth/session.server";
import { OverdueBadge, StatusBadge } from "#app/components/items/status-badge";
import { authorLine } from "#app/components/items/item-card";
import { TagList } from "#app/components/items/tag-list";
import { VoteButton, VoteForm } from "#app/components/items/vote-button";
import { buttonClass } from "#app/components/ui/button";
import { Card } from "#app/components/ui/page";
import { defaultLocale } from "#app/i18n/config";
import { formatDate } from "#app/i18n/format";
import type { loader as rootLoader } from "#app/root";
import { ItemNumberSchema } from "#app/schemas/items";
import { listComments } from "#app/services/comments.server";
import { getItemView, getTimeline } from "#app/services/items.server";
import { can } from "#app/services/permissions";
import { findPeopleByHandles, listAssignableUsers } from "#app/services/users.server";
import { extractMentions } from "#app/utils/handle";
import { nextStatuses } from "#app/services/workflow";
import { badRequest, formError, notFound, readForm } from "#app/utils/http.server";
import { formErrorFor } from "#app/utils/forms";
import { RouteErrorBoundary } from "#app/components/error-page";
import { findItemRef } from "#app/services/item-ref.server";
import { useLiveRevalidation } from "#app/components/live/live-items";
import {
  commentAction,
  commentChangeAction,
  followAction,
  outcomeAction,
  statusAction,
  voteAction,
} from "./actions.server";
import { commentChangeIntents } from "./intents";
import { ItemClusterLinkSchema } from "#app/schemas/clusters";
import { changeItemClusterLink, getItemClusterPanel } from "#app/services/clusters/panel.server";
import { ClustersPanel } from "./clusters-panel";
import { CommentThread } from "./comment-thread";
import { useLiveComments } from "./live-comments";
import { LinkifiedText } from "./linkified-text";
import { OutcomePanel } from "./outcome-panel";
import { StatusForm } from "./status-form";
import { Timeline } from "./timeline";
import { pageTitle, textTitle } from "#app/i18n/meta";

/** The item number in the URL; "Item #42 does not exist" when it cannot be one. */
function itemNumberOr404(param: string | undefined): number {
  const number = ItemNumberSchema.safeParse(param);
  if (!number.success) throw notFound("items:errors.itemMissing", { number: String(param ?? "").slice(0, 20) });
  return number.data;
}

async function loadItemOr404(user: SessionUser, param: string | undefined) {
  const number = itemNumberOr404(param);
  const item = await getItemView(getDb(), user, number);
  if (!item) throw notFound("items:errors.itemMissing", { number });
  return item;
}

/** Votes and follows need only the item's id, not the page's whole view of it. */
async function loadItemRefOr404(param: string | undefined) {
  const number = itemNumberOr404(param);
  const item = await findItemRef(getDb(), String(number));
  if (!item) throw notFound("items:errors.itemMissing", { number });
  return item;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? textTitle(`#${data.item.number} ${data.item.title}`) : pageTitle(matches, "common:errors.404.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "board:view");
  const item = await loadItemOr404(user, params.number);
  const db = getDb();
  const canManage = can(user.role, "item:change-status");
  const [comments, timeline, people, clusterPanel] = await Promise.all([
    listComments(db, { id: user.id, canModerate: can(user.role, "comment:moderate") }, item.id),
    getTimeline(db, item.id),
    canManage ? listAssignableUsers(db) : Promise.resolve([]),
    getItemClusterPanel(db, item, user, await detectLocale(request, user.locale)),
  ]);
  // The people the thread mentions, so their "@handles" can link to what they posted.
  const mentions = await findPeopleByHandles(db, [
    ...new Set(comments.flatMap((comment) => extractMentions(comment.body))),
  ]);
  return {
    item,
    comments,
    mentions,
    timeline,
    people,
    clusterPanel,
    nextStatuses: canManage ? nextStatuses(item.status) : [],
    canEdit: item.isAuthor || canManage,
    canComment: can(user.role, "item:comment"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "board:view");
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  if (intent === "vote" || intent === "follow") {
    const item = await loadItemRefOr404(params.number);
    const context = { user, itemId: item.id, number: item.number, formData };
    return intent === "vote" ? voteAction(context) : followAction(context);
  }
  const item = await loadItemOr404(user, params.number);
  const context = { user, itemId: item.id, number: item.number, formData };
  switch (intent) {
    case "comment":
      return commentAction(context);
    case "comment-edit":
    case "comment-delete":
    case "comment-hide":
    case "comment-unhide":
      return commentChangeAction(context, intent);
    case "status":
      return statusAction(context);
    case "outcome":
      return outcomeAction(context);
    case "cluster-link":
    case "cluster-unlink": {
      const parsed = ItemClusterLinkSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return formError(intent, "clusters:errors.targetRequired");
      const result = await changeItemClusterLink(getDb(), user, item.id, parsed.data.intent, parsed.data.cluster);
      if (!result.ok)
        return formError(intent, `clusters:errors.${result.error}`, {
          status: result.error === "forbidden" ? 403 : 400,
        });
      return { clusterLinked: parsed.data.intent };
    }
    default:
      throw badRequest();
  }
}

export function ErrorBoundary() {
  return <RouteErrorBoundary back={{ to: "/board", label: "errors.backToBoard" }} />;
}

export type ItemActionData = Partial<{
  comment: SubmissionResult<string[]>;
  replyTo: string | null;
  commentId: string;
  status: SubmissionResult<string[]>;
  outcome: SubmissionResult<string[]>;
}>;

export default function ItemPage() {
  const { t } = useTranslation("items");
  const loaded = useLoaderData<typeof loader>();
  const { item, timeline, people, clusterPanel, nextStatuses: statuses, canEdit, canComment } = loaded;
  // Votes, status and comments by others appear without a reload; a deleted or hidden
  // comment loses its text at once, before the fresh thread arrives.
  const { comments, onCommentEvent } = useLiveComments(loaded.comments);
  useLiveRevalidation((event) => event.id === item.id, { onMatch: onCommentEvent });
  const rawActionData = useActionData<typeof action>();
  const actionData = rawActionData as ItemActionData | undefined;
  const locale = useRouteLoaderData<typeof rootLoader>("root")?.locale ?? defaultLocale;
  const mentions = useMemo(
    () => new Map(loaded.mentions.map((person) => [person.handle, person.name])),
    [loaded.mentions],
  );

  return (
    <article className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        {item.duplicateOf ? (
          <p role="note" className="rounded-md border border-slate-300 bg-slate-100 p-3 text-sm text-slate-800">
            <Link to={`/items/${item.duplicateOf.number}`} className="font-semibold underline">
              {t("item.mergedInto", { number: item.duplicateOf.number, title: item.duplicateOf.title })}
            </Link>
          </p>
        ) : null}
        {item.overdue && item.targetDate ? (
          <p role="note" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
            {t("item.overdueBanner", { date: formatDate(locale, item.targetDate) })}
          </p>
        ) : null}
        <Card>
          <div className="flex gap-4">
            <VoteForm className="shrink-0">
              <VoteButton item={item} size="lg" />
            </VoteForm>
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-2 text-xs">
                <span className="font-semibold uppercase tracking-wide text-slate-700">{t(`kind.${item.kind}`)}</span>
                <StatusBadge status={item.status} />
                {item.overdue ? <OverdueBadge /> : null}
              </div>
              <h1 className="mt-1 text-2xl font-bold leading-tight text-slate-900">{item.title}</h1>
              <p className="mt-1 text-sm text-slate-700">
                {t("item.meta", { number: item.number, date: formatDate(locale, item.createdAt) })} ·{" "}
                {authorLine(t, { ...item, mine: item.isAuthor })}
                {item.teamName ? ` · ${item.teamName}` : ""}
              </p>
            </div>
          </div>
          <dl className="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-3">
            <div>
              <dt className="font-medium text-slate-600">{t("form.area")}</dt>
              <dd className="text-slate-900">{item.area ? t(`area.${item.area}`) : t("form.areaNone")}</dd>
            </div>
            <div>
              <dt className="font-medium text-slate-600">{t("form.channel")}</dt>
              <dd className="text-slate-900">{item.channel ? t(`channel.${item.channel}`) : "—"}</dd>
            </div>
            {item.ownerName && item.targetDate ? (
              <div className="col-span-2 sm:col-span-1">
                <dt className="font-medium text-slate-600">{t("item.owner")}</dt>
                <dd className="text-slate-900">
                  {t("item.promise", { owner: item.ownerName, date: formatDate(locale, item.targetDate) })}
                </dd>
              </div>
            ) : null}
          </dl>
          <div className="mt-4 whitespace-pre-line break-words text-slate-900">
            {item.body ? (
              <LinkifiedText text={item.body} />
            ) : (
              <span className="text-slate-600">{t("item.noBody")}</span>
            )}
          </div>
          {item.declineReason && item.status === "declined" ? (
            <p className="mt-4 rounded-md bg-slate-100 p-3 text-sm">
              {t("item.declined", { reason: item.declineReason })}
            </p>
          ) : null}
          <TagList tags={item.tags} className="mt-4" />
          <div className="mt-4 flex flex-wrap items-center gap-2 border-t border-slate-200 pt-4">
            <Form method="post">
              <input type="hidden" name="intent" value="follow" />
              <input type="hidden" name="following" value={String(!item.following)} />
              <input type="hidden" name="redirectTo" value={`/items/${item.number}`} />
              <button
                type="submit"
                className={buttonClass(item.following ? "secondary" : "primary")}
                aria-pressed={item.following}
              >
                {item.following ? t("item.unfollow") : t("item.follow")}
              </button>
            </Form>
            {canEdit ? (
              <Link to={`/items/${item.number}/edit`} className={buttonClass("ghost")}>
                {t("item.edit")}
              </Link>
            ) : null}
            <p className="text-sm text-slate-700">
              {item.following ? t("item.following") : item.voted ? t("item.followOffer") : null}
            </p>
          </div>
        </Card>
        {item.status === "done" && (item.isAuthor || item.outcome) ? (
          <OutcomePanel isAuthor={item.isAuthor} outcome={item.outcome} lastResult={actionData?.outcome} />
        ) : null}
        <CommentThread
          comments={comments}
          canComment={canComment}
          reply={
            actionData?.comment
              ? { result: actionData.comment, replyTo: actionData.replyTo ?? null, commentId: actionData.commentId }
              : undefined
          }
          commentError={formErrorFor(rawActionData, commentChangeIntents)}
          mentions={mentions}
          locale={locale}
        />
      </div>
      <div className="space-y-6">
        {statuses.length > 0 ? (
          <StatusForm item={item} statuses={statuses} people={people} lastResult={actionData?.status} />
        ) : null}
        <ClustersPanel
          panel={{ ...clusterPanel, afterDone: clusterPanel.afterDone }}
          locale={locale}
          error={formErrorFor(rawActionData, ["cluster-link", "cluster-unlink"])}
        />
        <Timeline entries={timeline} locale={locale} />
      </div>
    </article>
  );
}
