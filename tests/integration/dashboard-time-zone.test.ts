import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { items } from "#db/schema/index";
import { getDisplayTimeZone } from "#app/i18n/format";
import { promises } from "#app/services/dashboard/index.server";
import { getItemView } from "#app/services/items.server";
import { createUser } from "#tests/factories/index";

// 23:30 UTC on 10 March is 00:30 on 11 March in Rome (CET, UTC+1): the day has turned
// where the team is, not yet in UTC.
const now = new Date("2026-03-10T23:30:00Z");
const range = { from: new Date("2026-02-11T00:00:00Z"), to: now };

describe("dashboard: today is the app's day", () => {
  it("counts a promise overdue, and one done after midnight as late, as the board does", async () => {
    expect(getDisplayTimeZone()).toBe("Europe/Rome");
    const db = getDb();
    const owner = await createUser({ role: "manager", name: "Olga Owner" });
    const [late] = await db
      .insert(items)
      .values({
        kind: "idea",
        title: "Promessa per ieri",
        authorId: owner.id,
        ownerId: owner.id,
        status: "in_progress",
        targetDate: "2026-03-10",
      })
      .returning();
    // Done at 00:15 on 10 March in Rome, a day after its target date.
    await db.insert(items).values({
      kind: "idea",
      title: "Finita dopo mezzanotte",
      authorId: owner.id,
      ownerId: owner.id,
      status: "done",
      targetDate: "2026-03-09",
      doneAt: new Date("2026-03-09T23:15:00Z"),
    });

    const board = await getItemView(db, { id: owner.id }, late!.number, now);
    expect(board?.overdue).toBe(true);

    const result = await promises(db, range, now);
    expect(result.overdue).toBe(1);
    expect(result.overdueByOwner).toEqual([
      { ownerId: owner.id, ownerName: "Olga Owner", items: 1, oldestTargetDate: "2026-03-10" },
    ]);
    expect(result).toMatchObject({ due: 2, keptOnTime: 0, keptShare: 0 });
  });
});
