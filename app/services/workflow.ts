// The item workflow: which status may follow which, and what each move requires.
// Pure, so the status form, the whiteboard and the server share one set of rules.

import { itemStatus } from "#db/schema/enums";

export const itemStatuses = itemStatus.enumValues;
export type ItemStatus = (typeof itemStatuses)[number];

/** The main line, in order: the whiteboard's columns. `declined` and `duplicate` leave it. */
export const progressStatuses = [
  "new",
  "under_review",
  "planned",
  "in_progress",
  "done",
] as const satisfies readonly ItemStatus[];
export type ProgressStatus = (typeof progressStatuses)[number];

/** Where an item's life ends: no more votes, no promise to keep. */
export const closedStatuses = ["done", "declined", "duplicate"] as const satisfies readonly ItemStatus[];

const transitions: Record<ItemStatus, readonly ItemStatus[]> = {
  // Forward moves first: the status form offers the first one by default.
  new: ["under_review", "planned", "in_progress", "declined", "duplicate"],
  under_review: ["planned", "in_progress", "new", "declined", "duplicate"],
  planned: ["in_progress", "done", "under_review", "declined", "duplicate"],
  in_progress: ["done", "planned", "declined", "duplicate"],
  // Closed items can be reopened for review, e.g. when a fix did not hold.
  done: ["in_progress", "under_review"],
  declined: ["under_review"],
  duplicate: [],
};

export function nextStatuses(from: ItemStatus): readonly ItemStatus[] {
  return transitions[from];
}

export function canTransition(from: ItemStatus, to: ItemStatus): boolean {
  return transitions[from].includes(to);
}

export type TransitionRequirements = {
  owner: boolean;
  targetDate: boolean;
  reason: boolean;
  duplicateOf: boolean;
};

export function requirementsFor(to: ItemStatus): TransitionRequirements {
  return {
    owner: to === "planned" || to === "in_progress",
    targetDate: to === "planned" || to === "in_progress",
    reason: to === "declined",
    duplicateOf: to === "duplicate",
  };
}

function isClosed(status: ItemStatus): boolean {
  return (closedStatuses as readonly ItemStatus[]).includes(status);
}

/** Votes close once an item is done, declined or merged. */
export function canVote(status: ItemStatus): boolean {
  return !isClosed(status);
}

/** A promise is overdue when its date has passed (dates are whole days) and it is not done. */
export function isOverdue(item: { status: ItemStatus; targetDate: string | null }, today: string): boolean {
  if (!item.targetDate || isClosed(item.status)) return false;
  return item.targetDate < today;
}

export type TransitionInput = {
  from: ItemStatus;
  to: ItemStatus;
  ownerId?: string | null;
  targetDate?: string | null;
  note?: string | null;
  duplicateOfId?: string | null;
};

export type TransitionProblem =
  "notAllowed" | "ownerRequired" | "targetDateRequired" | "reasonRequired" | "duplicateOfRequired";

/** Every rule a status change must satisfy, as a list of problems (empty: allowed). */
export function checkTransition(input: TransitionInput): TransitionProblem[] {
  if (!canTransition(input.from, input.to)) return ["notAllowed"];
  const needs = requirementsFor(input.to);
  const problems: TransitionProblem[] = [];
  if (needs.owner && !input.ownerId) problems.push("ownerRequired");
  if (needs.targetDate && !input.targetDate) problems.push("targetDateRequired");
  if (needs.reason && !input.note?.trim()) problems.push("reasonRequired");
  if (needs.duplicateOf && !input.duplicateOfId) problems.push("duplicateOfRequired");
  return problems;
}
