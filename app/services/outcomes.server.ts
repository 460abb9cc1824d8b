import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { items, outcomes, timeline, type OutcomeAnswer } from "#db/schema/index";

export type OutcomeResult = { ok: true } | { ok: false; error: "notFound" | "forbidden" | "notDone" };

/** The author's answer to "did this solve it?"; they may change it later. */
export async function answerOutcome(
  db: Database,
  author: { id: string },
  itemId: string,
  input: { answer: OutcomeAnswer; comment: string | null },
  now = new Date(),
): Promise<OutcomeResult> {
  return db.transaction(async (tx) => {
    const [item] = await tx.select().from(items).where(eq(items.id, itemId)).limit(1);
    if (!item) return { ok: false, error: "notFound" } as const;
    if (item.authorId !== author.id) return { ok: false, error: "forbidden" } as const;
    if (item.status !== "done") return { ok: false, error: "notDone" } as const;
    await tx
      .insert(outcomes)
      // An anonymous author's answer is theirs through items.author_id alone.
      .values({
        itemId,
        answeredById: item.anonymous ? null : author.id,
        answer: input.answer,
        comment: input.comment,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: outcomes.itemId,
        set: { answer: input.answer, comment: input.comment, updatedAt: now },
      });
    await tx.insert(timeline).values({
      itemId,
      actorId: item.anonymous ? null : author.id,
      type: "outcome",
      note: input.comment,
      data: { answer: input.answer },
      createdAt: now,
    });
    return { ok: true } as const;
  });
}
