import { describe, expect, it } from "vitest";
import {
  canTransition,
  canVote,
  checkTransition,
  isOverdue,
  itemStatuses,
  nextStatuses,
  requirementsFor,
} from "#app/services/workflow";

describe("workflow rules", () => {
  it("allows exactly these transitions", () => {
    const expected: Record<string, string[]> = {
      new: ["under_review", "planned", "in_progress", "declined", "duplicate"],
      under_review: ["planned", "in_progress", "new", "declined", "duplicate"],
      planned: ["in_progress", "done", "under_review", "declined", "duplicate"],
      in_progress: ["done", "planned", "declined", "duplicate"],
      done: ["in_progress", "under_review"],
      declined: ["under_review"],
      duplicate: [],
    };
    for (const from of itemStatuses) {
      expect([...nextStatuses(from)].sort()).toEqual([...(expected[from] ?? [])].sort());
      for (const to of itemStatuses) expect(canTransition(from, to)).toBe((expected[from] ?? []).includes(to));
    }
  });

  it("requires an owner and a date for promises, a reason to decline, a survivor to merge", () => {
    expect(requirementsFor("planned")).toEqual({ owner: true, targetDate: true, reason: false, duplicateOf: false });
    expect(requirementsFor("in_progress")).toEqual({
      owner: true,
      targetDate: true,
      reason: false,
      duplicateOf: false,
    });
    expect(requirementsFor("declined")).toEqual({ owner: false, targetDate: false, reason: true, duplicateOf: false });
    expect(requirementsFor("duplicate")).toEqual({ owner: false, targetDate: false, reason: false, duplicateOf: true });
    expect(checkTransition({ from: "new", to: "planned" })).toEqual(["ownerRequired", "targetDateRequired"]);
    expect(checkTransition({ from: "new", to: "declined", note: "   " })).toEqual(["reasonRequired"]);
    expect(checkTransition({ from: "new", to: "duplicate" })).toEqual(["duplicateOfRequired"]);
    expect(checkTransition({ from: "new", to: "done" })).toEqual(["notAllowed"]);
    expect(checkTransition({ from: "new", to: "planned", ownerId: "x", targetDate: "2026-12-01" })).toEqual([]);
  });

  it("closes votes on done, declined and duplicate items", () => {
    expect(itemStatuses.filter(canVote)).toEqual(["new", "under_review", "planned", "in_progress"]);
  });

  it("flags a promise overdue the day after its date, unless closed", () => {
    expect(isOverdue({ status: "planned", targetDate: "2026-11-21" }, "2026-11-22")).toBe(true);
    expect(isOverdue({ status: "planned", targetDate: "2026-11-22" }, "2026-11-22")).toBe(false);
    expect(isOverdue({ status: "done", targetDate: "2026-11-01" }, "2026-11-22")).toBe(false);
    expect(isOverdue({ status: "in_progress", targetDate: null }, "2026-11-22")).toBe(false);
  });
});
