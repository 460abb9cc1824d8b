import { describe, expect, it } from "vitest";
import { applyCommentMark, markComment, type CommentMark } from "#app/routes/items.$number/live-comments";

const visible = {
  id: "c1",
  parentId: null,
  state: "visible" as "visible" | "hidden" | "deleted",
  body: "Il cliente ha chiamato tre volte",
  authorName: "Sara Esposito",
  hiddenReason: null as string | null,
  edited: false,
  canEdit: true,
  canDelete: true,
  canModerate: false,
};

function fold(...types: string[]): Record<string, CommentMark> {
  return types.reduce<Record<string, CommentMark>>(
    (marks, type) => markComment(marks, { type, id: "i1", commentId: "c1" }),
    {},
  );
}

describe("comment events on an open item page", () => {
  it("turn a deleted comment into a tombstone with no text or author", () => {
    const shown = applyCommentMark(visible, fold("comment.deleted")["c1"]);
    expect(shown).toMatchObject({
      state: "deleted",
      body: "",
      authorName: null,
      canEdit: false,
      canDelete: false,
      canModerate: false,
    });
  });

  it("replace a hidden comment's text with the placeholder for people who may not moderate", () => {
    expect(applyCommentMark(visible, fold("comment.hidden")["c1"])).toMatchObject({
      state: "hidden",
      body: "",
      canEdit: false,
    });
  });

  it("leave a moderator's view of a hidden comment (text and reason) to the reload", () => {
    const moderator = { ...visible, canModerate: true };
    expect(applyCommentMark(moderator, fold("comment.hidden")["c1"])).toBe(moderator);
  });

  it("mark an edited comment as edited and keep a deletion final", () => {
    expect(applyCommentMark(visible, fold("comment.edited")["c1"])).toMatchObject({ edited: true, body: visible.body });
    expect(
      applyCommentMark(visible, fold("comment.deleted", "comment.hidden", "comment.unhidden")["c1"]),
    ).toMatchObject({ state: "deleted" });
  });

  it("show an unhidden comment again", () => {
    expect(applyCommentMark(visible, fold("comment.hidden", "comment.unhidden")["c1"])).toEqual(visible);
  });

  it("ignore events of other kinds or without a comment", () => {
    const marks = fold("comment.hidden");
    expect(markComment(marks, { type: "item.voted", id: "i1", commentId: "c1" })).toBe(marks);
    expect(markComment(marks, { type: "comment.deleted", id: "i1" })).toBe(marks);
  });
});
