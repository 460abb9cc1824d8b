import { and, eq, isNull, notInArray, sql } from "drizzle-orm";
import type { Database, Transaction } from "#db/client.server";
import { follows, items, timeline, users, type Item } from "#db/schema/index";
import type { StatusChangeInput } from "#app/schemas/items";
import type { Actor } from "./actor";
import { itemEvent, recordEvent } from "./events.server";
import { followerIds, notify } from "./notifications.server";
import { moveVotesAndFollows } from "./votes.server";
import { today } from "./items.server";
import { checkTransition, closedStatuses, isOverdue, type ItemStatus, type TransitionProblem } from "./workflow";
import { WEEK_MS } from "#app/utils/time";

export type StatusChangeResult =
  | { ok: true; item: Item }
  | { ok: false; error: "notFound" | "conflict" | "ownerInvalid" | "duplicateOfInvalid" | "dateNoteRequired" }
  | { ok: false; error: "rules"; problems: TransitionProblem[] };

/** The input field each reason for refusing a change is about, for the status form and the API. */
const problemField = {
  notAllowed: "status",
  ownerRequired: "ownerId",
  targetDateRequired: "targetDate",
  reasonRequired: "note",
  duplicateOfRequired: "duplicateOf",
  ownerInvalid: "ownerId",
  duplicateOfInvalid: "duplicateOf",
  dateNoteRequired: "note",
} as const;
export type StatusProblem = keyof typeof problemField;

/** Each problem of a refused change with its field; empty when the refusal is about no field (not found, conflict). */
export function fieldProblems(result: Extract<StatusChangeResult, { ok: false }>) {
  const problems: StatusProblem[] =
    result.error === "rules" ? result.problems : result.error in problemField ? [result.error as StatusProblem] : [];
  return problems.map((problem) => ({ problem, field: problemField[problem] }));
}

/**
 * Moves an item to a new status with a note for its followers. Owner and target date are
 * required for planned / in progress, a reason for declined, the surviving item for
 * duplicate. Changing an existing target date needs a note ("moved from X to Y").
 */
export async function changeStatus(
  db: Database,
  actor: Actor,
  itemId: string,
  input: Omit<StatusChangeInput, "intent"> & { expectedVersion?: number },
  now = new Date(),
): Promise<StatusChangeResult> {
  return db.transaction(async (tx) => {
    const [item] = await tx.select().from(items).where(eq(items.id, itemId)).for("update").limit(1);
    if (!item) return { ok: false, error: "notFound" } as const;
    if (input.expectedVersion !== undefined && input.expectedVersion !== item.version) {
      return { ok: false, error: "conflict" } as const;
    }
    const to = input.status;
    // Keep the current owner and date unless the form names new ones.
    const ownerId = input.ownerId ?? item.ownerId;
    const targetDate = input.targetDate ?? item.targetDate;

    let duplicateOf: Item | undefined;
    if (to === "duplicate" && input.duplicateOf) {
      [duplicateOf] = await tx.select().from(items).where(eq(items.number, input.duplicateOf)).for("update").limit(1);
      if (!duplicateOf || duplicateOf.id === item.id || duplicateOf.status === "duplicate") {
        return { ok: false, error: "duplicateOfInvalid" } as const;
      }
    }
    const problems = checkTransition({
      from: item.status,
      to,
      ownerId,
      targetDate,
      note: input.note,
      duplicateOfId: duplicateOf?.id ?? null,
    });
    if (problems.length > 0) return { ok: false, error: "rules", problems } as const;
    if (input.ownerId && input.ownerId !== item.ownerId && !(await isActiveUser(tx, input.ownerId))) {
      return { ok: false, error: "ownerInvalid" } as const;
    }
    const dateMoved = Boolean(item.targetDate && input.targetDate && input.targetDate !== item.targetDate);
    if (dateMoved && !input.note) return { ok: false, error: "dateNoteRequired" } as const;

    const [updated] = await tx
      .update(items)
      .set({
        status: to,
        ownerId,
        targetDate,
        declineReason: to === "declined" ? input.note : item.declineReason,
        duplicateOfId: duplicateOf?.id ?? null,
        doneAt: to === "done" ? now : item.status === "done" ? null : item.doneAt,
        statusChangedAt: now,
        overdueNotifiedOn: dateMoved ? null : item.overdueNotifiedOn,
        version: item.version + 1,
        updatedAt: now,
      })
      .where(eq(items.id, item.id))
      .returning();
    if (!updated) throw new Error("update returned no row");

    await tx.insert(timeline).values({
      itemId: item.id,
      actorId: actor.id,
      type: "status",
      fromStatus: item.status,
      toStatus: to,
      note: input.note,
      data: {
        ownerId,
        targetDate,
        ...(duplicateOf ? { duplicateOfNumber: duplicateOf.number } : {}),
      },
      createdAt: now,
    });
    if (dateMoved) {
      await tx.insert(timeline).values({
        itemId: item.id,
        actorId: actor.id,
        type: "target_date",
        note: input.note,
        data: { from: item.targetDate, to: input.targetDate },
        createdAt: now,
      });
    }
    if (input.ownerId && input.ownerId !== item.ownerId) {
      await tx.insert(timeline).values({
        itemId: item.id,
        actorId: actor.id,
        type: "owner",
        data: { from: item.ownerId, to: input.ownerId },
        createdAt: now,
      });
      // The new owner follows what they now answer for.
      await tx.insert(follows).values({ itemId: item.id, userId: input.ownerId }).onConflictDoNothing();
    }

    const followers = await followerIds(tx, item.id);
    await notify(
      tx,
      followers,
      { type: "status", itemId: item.id, actorId: actor.id, data: { from: item.status, to, note: input.note } },
      { exclude: actor.id, now },
    );
    if (to === "done") {
      await notify(tx, [item.authorId], { type: "outcome_request", itemId: item.id, actorId: actor.id }, { now });
    }
    if (duplicateOf) await mergeInto(tx, item, duplicateOf, actor, now);
    const [owner] = ownerId
      ? await tx.select({ name: users.name }).from(users).where(eq(users.id, ownerId)).limit(1)
      : [];
    await recordEvent(
      tx,
      itemEvent("item.status", updated, {
        status: to,
        from: item.status,
        votes: duplicateOf ? 0 : updated.voteCount,
        ownerName: owner?.name ?? null,
        targetDate: updated.targetDate,
        ...(duplicateOf ? { duplicateOfNumber: duplicateOf.number } : {}),
      }),
    );
    if (duplicateOf) {
      const [target] = await tx.select().from(items).where(eq(items.id, duplicateOf.id)).limit(1);
      if (target) await recordEvent(tx, itemEvent("item.voted", target, { votes: target.voteCount }));
    }
    return { ok: true, item: updated } as const;
  });
}

/** The duplicate's votes and followers go to the surviving item, which records the merge. */
async function mergeInto(tx: Transaction, source: Item, target: Item, actor: Actor, now: Date): Promise<void> {
  await moveVotesAndFollows(tx, source.id, target.id, now);
  await tx.insert(timeline).values({
    itemId: target.id,
    actorId: actor.id,
    type: "merged_from",
    data: { number: source.number, title: source.title },
    createdAt: now,
  });
}

async function isActiveUser(tx: Transaction, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deactivatedAt)))
    .limit(1);
  return Boolean(row);
}

/**
 * Asks the owner of every overdue promise for an honest update: once when the date
 * passes, then once a week while it stays overdue. Returns how many owners were asked.
 */
export async function notifyOverdueOwners(db: Database, now = new Date()): Promise<number> {
  const day = today(now);
  const weekAgo = today(new Date(now.getTime() - WEEK_MS));
  return db.transaction(async (tx) => {
    const overdue = await tx
      .select()
      .from(items)
      .where(
        and(
          sql`${items.targetDate} < ${day}`,
          notInArray(items.status, [...closedStatuses]),
          sql`${items.ownerId} is not null`,
          sql`(${items.overdueNotifiedOn} is null or ${items.overdueNotifiedOn} <= ${weekAgo})`,
        ),
      )
      .for("update", { skipLocked: true });
    let asked = 0;
    for (const item of overdue) {
      if (!item.ownerId || !isOverdue(item, day)) continue;
      await notify(
        tx,
        [item.ownerId],
        { type: "overdue", itemId: item.id, data: { targetDate: item.targetDate } },
        { now },
      );
      await tx.update(items).set({ overdueNotifiedOn: day }).where(eq(items.id, item.id));
      asked += 1;
    }
    return asked;
  });
}

export type { ItemStatus };
