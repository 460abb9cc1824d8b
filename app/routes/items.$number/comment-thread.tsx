import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "#app/components/ui/button";
import { ErrorList, FormAlert } from "#app/components/ui/field";
import { Card } from "#app/components/ui/page";
import type { Locale } from "#app/i18n/config";
import { formatDateTime } from "#app/i18n/format";
import { CommentSchema } from "#app/schemas/items";
import type { CommentView } from "#app/services/comments.server";
import { LinkifiedText } from "./linkified-text";
import { MentionTextarea } from "./mention-textarea";

type SerializedComment = Omit<CommentView, "createdAt"> & { createdAt: string | Date };

/** What the last comment post answered, and to which box (null: the main comment box). */
export type CommentReply = { result?: SubmissionResult<string[]>; replyTo: string | null; commentId?: string };

type Props = {
  comments: SerializedComment[];
  canComment: boolean;
  reply?: CommentReply;
  commentError?: string;
  /** handle → name of the people mentioned in the thread. */
  mentions: ReadonlyMap<string, string>;
  locale: Locale;
};

// Text buttons under a comment are 44 px tall on a phone, where a thumb presses them.
const smallAction = "inline-flex items-center font-medium max-md:min-h-11 max-md:min-w-11";
// A <summary> keeps its disclosure triangle (display: list-item), so it grows by padding.
const smallSummary = "cursor-pointer font-medium text-brand-700 max-md:py-2.5 max-md:leading-6";

const textareaClass =
  "mt-1 block w-full rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-400 focus:ring-2 focus:ring-brand-600";

function CommentForm({
  parentId,
  lastResult,
  label,
  submit,
}: {
  parentId?: string;
  lastResult?: SubmissionResult<string[]>;
  label: string;
  submit: string;
}) {
  const { t } = useTranslation("items");
  const [form, fields] = useForm({
    id: parentId ? `reply-${parentId}` : "comment",
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CommentSchema }),
  });
  return (
    <Form method="post" className="space-y-2" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="comment" />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <FormAlert id={form.errorId} errors={form.errors} />
      <label htmlFor={fields.body.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <MentionTextarea
        {...getTextareaProps(fields.body, { ariaDescribedBy: `${fields.body.id}-hint` })}
        rows={parentId ? 2 : 3}
        maxLength={3000}
        className={textareaClass}
      />
      <p id={`${fields.body.id}-hint`} className="text-xs text-slate-600">
        {t("item.commentHint")}
      </p>
      <ErrorList id={fields.body.errorId} errors={fields.body.errors} />
      <Button className="max-md:min-h-11">{submit}</Button>
    </Form>
  );
}

function CommentBody({
  comment,
  reply,
  mentions,
  locale,
}: {
  comment: SerializedComment;
  reply?: CommentReply;
  mentions: ReadonlyMap<string, string>;
  locale: Locale;
}) {
  const { t } = useTranslation("items");
  const replyBox = useRef<HTMLDetailsElement>(null);
  const ownReply = reply?.replyTo === comment.id ? reply : undefined;
  const replied = ownReply?.commentId;
  // A posted reply closes its box (which conform has emptied), so it cannot be sent twice.
  useEffect(() => {
    const details = replyBox.current;
    if (!replied || !details?.open) return;
    details.open = false;
    details.querySelector("summary")?.focus();
  }, [replied]);
  if (comment.state === "deleted") return <p className="text-sm italic text-slate-600">{t("item.deleted")}</p>;
  return (
    <div>
      <p className="text-sm">
        <span className="font-semibold text-slate-900">{comment.authorName}</span>{" "}
        <time className="text-slate-600" dateTime={new Date(comment.createdAt).toISOString()}>
          {formatDateTime(locale, comment.createdAt)}
        </time>
        {comment.edited ? <span className="text-slate-600"> · {t("item.edited")}</span> : null}
      </p>
      {comment.state === "hidden" ? (
        <p className="mt-1 text-sm italic text-slate-700">
          {comment.canModerate && comment.hiddenReason
            ? t("item.hiddenReason", { reason: comment.hiddenReason })
            : t("item.hidden")}
        </p>
      ) : null}
      {comment.body ? (
        <p className="mt-1 whitespace-pre-line break-words text-slate-900">
          <LinkifiedText text={comment.body} mentions={mentions} />
        </p>
      ) : null}
      <div className="mt-1 flex flex-wrap gap-x-3 text-sm">
        {comment.canEdit ? (
          // <details> opens without JavaScript too.
          <details className="w-full">
            <summary className={smallSummary}>{t("item.editComment")}</summary>
            <Form method="post" className="mt-2 space-y-2">
              <input type="hidden" name="intent" value="comment-edit" />
              <input type="hidden" name="commentId" value={comment.id} />
              <label htmlFor={`edit-${comment.id}`} className="sr-only">
                {t("item.editComment")}
              </label>
              <textarea
                id={`edit-${comment.id}`}
                name="body"
                defaultValue={comment.body}
                rows={3}
                maxLength={3000}
                className={textareaClass}
                required
              />
              <Button>{t("item.saveComment")}</Button>
            </Form>
          </details>
        ) : null}
        {comment.canDelete ? (
          <Form method="post">
            <input type="hidden" name="intent" value="comment-delete" />
            <input type="hidden" name="commentId" value={comment.id} />
            <button type="submit" className={`text-red-800 hover:underline ${smallAction}`}>
              {t("item.deleteComment")}
            </button>
          </Form>
        ) : null}
        {comment.canModerate && comment.state === "visible" ? (
          <Form method="post" className="flex items-center gap-1">
            <input type="hidden" name="intent" value="comment-hide" />
            <input type="hidden" name="commentId" value={comment.id} />
            <label htmlFor={`hide-${comment.id}`} className="sr-only">
              {t("item.hideReason")}
            </label>
            <input
              id={`hide-${comment.id}`}
              name="reason"
              required
              placeholder={t("item.hideReason")}
              className="w-32 rounded border border-slate-300 px-2 py-0.5 text-sm"
            />
            <button type="submit" className={`text-slate-800 hover:underline ${smallAction}`}>
              {t("item.hide")}
            </button>
          </Form>
        ) : null}
        {comment.canModerate && comment.state === "hidden" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="comment-unhide" />
            <input type="hidden" name="commentId" value={comment.id} />
            <button type="submit" className={`text-slate-800 hover:underline ${smallAction}`}>
              {t("item.unhide")}
            </button>
          </Form>
        ) : null}
      </div>
      {comment.parentId === null && comment.state === "visible" ? (
        <details ref={replyBox} className="mt-1 text-sm" open={ownReply && !replied ? true : undefined}>
          <summary className={smallSummary}>{t("item.reply")}</summary>
          <div className="mt-2">
            <CommentForm
              parentId={comment.id}
              lastResult={ownReply?.result}
              label={t("item.replyLabel")}
              submit={t("item.replySubmit")}
            />
          </div>
        </details>
      ) : null}
    </div>
  );
}

export function CommentThread({ comments, canComment, reply, commentError, mentions, locale }: Props) {
  const { t } = useTranslation("items");
  const topLevel = comments.filter((comment) => comment.parentId === null);
  const replies = (id: string) => comments.filter((comment) => comment.parentId === id);
  return (
    <Card>
      <h2 className="text-lg font-semibold text-slate-900">
        {t("item.comments")}{" "}
        <span className="text-slate-600">({comments.filter((comment) => comment.state === "visible").length})</span>
      </h2>
      {commentError ? (
        <div role="alert" className="mt-2">
          <ErrorList errors={[commentError]} />
        </div>
      ) : null}
      {topLevel.length === 0 ? <p className="mt-3 text-sm text-slate-600">{t("item.noComments")}</p> : null}
      <ul className="mt-4 space-y-5">
        {topLevel.map((comment) => (
          <li key={comment.id} id={`comment-${comment.id}`}>
            <CommentBody comment={comment} reply={reply} mentions={mentions} locale={locale} />
            {replies(comment.id).length ? (
              <ul className="mt-3 space-y-3 border-l-2 border-slate-200 pl-4">
                {replies(comment.id).map((child) => (
                  <li key={child.id} id={`comment-${child.id}`}>
                    <CommentBody comment={child} mentions={mentions} locale={locale} />
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      {canComment ? (
        <div className="mt-6 border-t border-slate-200 pt-4">
          <CommentForm
            lastResult={reply && reply.replyTo === null ? reply.result : undefined}
            label={t("item.commentLabel")}
            submit={t("item.commentSubmit")}
          />
        </div>
      ) : null}
    </Card>
  );
}
