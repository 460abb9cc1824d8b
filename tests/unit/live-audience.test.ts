import { describe, expect, it } from "vitest";
import type { StoredEvent } from "#app/services/events.server";
import {
  clientData,
  concernsAudience,
  formatEvent,
  isVisibleTo,
  type Audience,
} from "#app/services/live/stream.server";

function event(overrides: Partial<StoredEvent>): StoredEvent {
  return {
    id: 1,
    type: "item.voted",
    itemId: "i1",
    commentId: null,
    teamId: null,
    tags: [],
    payload: { id: "i1", number: 7, votes: 3 },
    createdAt: new Date(0),
    commentGone: false,
    ...overrides,
  };
}

const agent: Audience = { kind: "user", userId: "u1" };
const display = (overrides: Partial<Extract<Audience, { kind: "display" }>> = {}): Audience => ({
  kind: "display",
  displayId: "d1",
  tokenId: "t1",
  panels: ["recent"],
  teamIds: [],
  tags: [],
  ...overrides,
});

describe("who gets which event", () => {
  it("gives signed-in people item and comment events, never display events or gone comments", () => {
    expect(isVisibleTo(agent, event({}))).toBe(true);
    expect(isVisibleTo(agent, event({ type: "comment.created", commentId: "c1" }))).toBe(true);
    expect(isVisibleTo(agent, event({ type: "comment.created", commentId: "c1", commentGone: true }))).toBe(false);
    expect(isVisibleTo(agent, event({ type: "display.revoked", payload: { displayId: "d1" } }))).toBe(false);
  });

  it("sends nobody a session or role event, and points it only at that person's streams", () => {
    for (const type of ["session.ended", "user.role_changed"]) {
      const access = event({ type, itemId: null, payload: { userId: "u1" } });
      expect(isVisibleTo(agent, access)).toBe(false);
      expect(isVisibleTo(display({ panels: ["whiteboard", "top", "recent", "done", "trends"] }), access)).toBe(false);
      expect(concernsAudience(agent, access)).toBe(true);
      expect(concernsAudience({ kind: "user", userId: "u2" }, access)).toBe(false);
      expect(concernsAudience(display(), access)).toBe(false);
    }
    expect(concernsAudience(agent, event({ payload: { userId: "u1" } }))).toBe(false);
  });

  it("still tells signed-in people that a comment was deleted or hidden, but nothing else about a gone comment", () => {
    for (const type of ["comment.deleted", "comment.hidden"]) {
      expect(isVisibleTo(agent, event({ type, commentId: "c1", commentGone: true }))).toBe(true);
      expect(isVisibleTo(display(), event({ type, commentId: "c1", commentGone: true }))).toBe(false);
    }
    for (const type of ["comment.edited", "comment.unhidden"]) {
      expect(isVisibleTo(agent, event({ type, commentId: "c1", commentGone: true }))).toBe(false);
      expect(isVisibleTo(agent, event({ type, commentId: "c1" }))).toBe(true);
      expect(isVisibleTo(display(), event({ type, commentId: "c1" }))).toBe(false);
    }
  });

  it("sends only the named fields of a comment event, whatever else its payload holds", () => {
    const hidden = event({
      type: "comment.hidden",
      commentId: "c1",
      commentGone: true,
      payload: {
        id: "i1",
        number: 7,
        commentId: "c1",
        comments: 2,
        body: "testo nascosto",
        authorName: "Giulia",
        reason: "dati personali",
      },
    });
    expect(clientData(hidden)).toEqual({ type: "comment.hidden", id: "i1", number: 7, commentId: "c1", comments: 2 });
    expect(formatEvent(hidden)).not.toMatch(/testo nascosto|Giulia|dati personali/);
  });

  it("gives a display only what its panels, teams and tags show", () => {
    expect(isVisibleTo(display(), event({}))).toBe(true);
    expect(isVisibleTo(display({ panels: ["qr"] }), event({}))).toBe(false);
    expect(isVisibleTo(display(), event({ type: "comment.created", commentId: "c1" }))).toBe(false);
    expect(isVisibleTo(display(), event({ type: "import.progress" }))).toBe(false);
    expect(isVisibleTo(display(), event({ type: "cluster.updated" }))).toBe(false);
    expect(isVisibleTo(display({ panels: ["trends"] }), event({ type: "cluster.updated" }))).toBe(true);
    expect(isVisibleTo(display({ teamIds: ["team-a"] }), event({ teamId: "team-b" }))).toBe(false);
    expect(isVisibleTo(display({ teamIds: ["team-a"] }), event({ teamId: "team-a" }))).toBe(true);
    expect(isVisibleTo(display({ tags: ["app"] }), event({ tags: ["bollette"] }))).toBe(false);
    expect(isVisibleTo(display({ tags: ["app"] }), event({ tags: ["bollette", "app"] }))).toBe(true);
  });

  it("tells a display about its own revocation only, for the tokens revoked", () => {
    const revoked = event({ type: "display.revoked", payload: { displayId: "d1", tokenIds: ["t1"] } });
    expect(isVisibleTo(display(), revoked)).toBe(true);
    expect(isVisibleTo(display({ tokenId: "t2" }), revoked)).toBe(false);
    expect(isVisibleTo(display({ displayId: "d2" }), revoked)).toBe(false);
    expect(clientData(revoked)).toEqual({ type: "display.revoked", displayId: "d1" });
  });

  it("formats an event with its id and JSON data", () => {
    expect(formatEvent(event({ id: 42 }))).toBe(
      'id: 42\ndata: {"type":"item.voted","id":"i1","number":7,"votes":3}\n\n',
    );
  });
});
