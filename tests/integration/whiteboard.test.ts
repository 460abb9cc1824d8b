import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { items } from "#db/schema/index";
import { createDisplay, getDisplay } from "#app/services/displays.server";
import { getWallData } from "#app/services/wall.server";
import { listWhiteboard } from "#app/services/whiteboard.server";
import { progressStatuses } from "#app/services/workflow";
import { DAY_MS, WEEK_MS } from "#app/utils/time";
import { createUser } from "#tests/factories/index";
import { insertCluster, insertTickets } from "#tests/factories/clusters-tickets";
import { displayInput } from "#tests/factories/displays";

const now = new Date("2026-05-20T10:00:00Z");

describe("the whiteboard", () => {
  it("shows the same columns on the board and on the wall: done items for 30 days, declined and duplicate never", async () => {
    const db = getDb();
    const author = await createUser();
    const admin = await createUser({ role: "admin" });
    const item = (title: string, values: Partial<typeof items.$inferInsert> = {}) =>
      db.insert(items).values({ kind: "idea", title, authorId: author.id, ...values });
    await item("Nuova");
    await item("In corso", { status: "in_progress", ownerId: admin.id, targetDate: "2026-05-10", voteCount: 2 });
    await item("Fatta da poco", { status: "done", doneAt: new Date(now.getTime() - 29 * DAY_MS) });
    await item("Fatta da tempo", { status: "done", doneAt: new Date(now.getTime() - 31 * DAY_MS) });
    await item("Respinta", { status: "declined" });
    await item("Doppione", { status: "duplicate" });

    const board = await listWhiteboard(db, {}, now);
    expect(board.map((column) => column.status)).toEqual([...progressStatuses]);
    const titles = Object.fromEntries(board.map((column) => [column.status, column.notes.map((note) => note.title)]));
    expect(titles).toEqual({
      new: ["Nuova"],
      under_review: [],
      planned: [],
      in_progress: ["In corso"],
      done: ["Fatta da poco"],
    });
    expect(board.find((column) => column.status === "in_progress")?.notes[0]).toMatchObject({
      overdue: true,
      votes: 2,
    });

    const { id } = await createDisplay(db, admin, displayInput({ panels: ["whiteboard"] }));
    const wall = await getWallData(db, (await getDisplay(db, id))!, now);
    expect(
      wall.whiteboard?.map((column) => [column.status, column.total, column.notes.map((note) => note.title)]),
    ).toEqual(board.map((column) => [column.status, column.notes.length, column.notes.map((note) => note.title)]));
  });

  it("shows on the trends panel only clusters that grew last week, fastest first", async () => {
    const db = getDb();
    const admin = await createUser({ role: "admin" });
    // Tickets per week, oldest first: the last week against the average of the three before.
    const weekly = async (label: string, counts: number[]) => {
      const cluster = await insertCluster(label);
      const weeksAgo = (n: number) => new Date(now.getTime() - n * WEEK_MS + DAY_MS);
      await insertTickets(
        counts.flatMap((count, index) =>
          Array.from({ length: count }, () => ({ clusterId: cluster.id, openedAt: weeksAgo(counts.length - index) })),
        ),
      );
    };
    await weekly("In crescita forte", [2, 2, 2, 8]);
    await weekly("In crescita", [1, 1, 1, 3]);
    await weekly("Stabile", [4, 4, 4, 4]);
    await weekly("In calo", [6, 6, 6, 1]);

    const { id } = await createDisplay(db, admin, displayInput({ panels: ["trends"] }));
    const wall = await getWallData(db, (await getDisplay(db, id))!, now);
    expect(wall.trends?.clusters.map((cluster) => [cluster.label, cluster.growth])).toEqual([
      ["In crescita forte", 6],
      ["In crescita", 2],
    ]);
    expect(wall.trends?.active).toBe(4);
  });

  it("says that no cluster is growing, rather than that there are none, when all are flat", async () => {
    const db = getDb();
    const admin = await createUser({ role: "admin" });
    const cluster = await insertCluster("Stabile");
    await insertTickets(
      [1, 2, 3, 4].map((weeksAgo) => ({
        clusterId: cluster.id,
        openedAt: new Date(now.getTime() - weeksAgo * WEEK_MS + DAY_MS),
      })),
    );
    const { id } = await createDisplay(db, admin, displayInput({ panels: ["trends"] }));
    const wall = await getWallData(db, (await getDisplay(db, id))!, now);
    expect(wall.trends).toMatchObject({ clusters: [], active: 1 });
  });
});
