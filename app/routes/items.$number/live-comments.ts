import { useCallback, useEffect, useState } from "react";
import type { LiveEventData } from "#app/components/live/use-event-stream";

/** What a live event told us about one comment, until fresh loader data says the same. */
export type CommentMark = { edited?: true; gone?: "deleted" | "hidden" };

type ThreadComment = {
  id: string;
  state: "visible" | "hidden" | "deleted";
  body: string;
  authorName: string | null;
  hiddenReason: string | null;
  edited: boolean;
  canEdit: boolean;
  canDelete: boolean;
  canModerate: boolean;
};

/**
 * Folds a comment event into the marks. Deleting and editing cannot be undone, so their marks
 * stay; hiding can, so "unhidden" lifts the mark and the reload shows the text again.
 */
export function markComment(
  marks: Readonly<Record<string, CommentMark>>,
  event: LiveEventData,
): Record<string, CommentMark> {
  const commentId = event.commentId;
  if (typeof commentId !== "string") return marks;
  const mark = marks[commentId] ?? {};
  switch (event.type) {
    case "comment.edited":
      return { ...marks, [commentId]: { ...mark, edited: true } };
    case "comment.deleted":
      return { ...marks, [commentId]: { ...mark, gone: "deleted" } };
    case "comment.hidden":
      return mark.gone === "deleted" ? marks : { ...marks, [commentId]: { ...mark, gone: "hidden" } };
    case "comment.unhidden": {
      if (mark.gone !== "hidden") return marks;
      const { gone: _lifted, ...rest } = mark;
      return { ...marks, [commentId]: rest };
    }
    default:
      return marks;
  }
}

/**
 * A comment as the page would render it after a reload, as far as the event tells: a
 * tombstone, the "hidden" placeholder, or the "edited" marker. The new text and a moderator's
 * view of a hidden comment (text and reason) only come with the reload, which the event also
 * starts, so nothing the viewer may not see is ever guessed here.
 */
export function applyCommentMark<T extends ThreadComment>(comment: T, mark: CommentMark | undefined): T {
  if (!mark || comment.state === "deleted") return comment;
  if (mark.gone === "deleted") {
    return {
      ...comment,
      state: "deleted",
      body: "",
      authorName: null,
      hiddenReason: null,
      edited: false,
      canEdit: false,
      canDelete: false,
      canModerate: false,
    };
  }
  if (mark.gone === "hidden" && comment.state === "visible" && !comment.canModerate) {
    return { ...comment, state: "hidden", body: "", canEdit: false };
  }
  if (mark.edited && !comment.edited) return { ...comment, edited: true };
  return comment;
}

/** The item page's thread with live comment events applied in place. */
export function useLiveComments<T extends ThreadComment>(comments: T[]) {
  const [marks, setMarks] = useState<Record<string, CommentMark>>({});
  // Marks only bridge the time until the reload an event starts: fresh data replaces them all,
  // so a change whose event this page missed (after a stream reset) cannot leave a stale mark.
  useEffect(() => setMarks({}), [comments]);
  const onCommentEvent = useCallback((event: LiveEventData) => {
    if (event.type.startsWith("comment.")) setMarks((current) => markComment(current, event));
  }, []);
  return { comments: comments.map((comment) => applyCommentMark(comment, marks[comment.id])), onCommentEvent };
}
