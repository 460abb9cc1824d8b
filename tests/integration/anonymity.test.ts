import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loader as auditLoader } from "#app/routes/admin.audit";
import { listAudit } from "#app/services/audit.server";
import { createItem, editItem } from "#app/services/items.server";
import { answerOutcome } from "#app/services/outcomes.server";
import { queryRows } from "#db/client.server";
import { getDb } from "#db/client.server";
import { closeItem } from "#tests/factories/api";
import { insertCluster } from "#tests/factories/clusters-tickets";
import { createUser, sessionCookie } from "#tests/factories/index";
import { itemInput } from "#tests/factories/items";
import { makeRequest, runRoute } from "#tests/support/routes";

/**
 * Columns that may hold the author of an anonymous item: the item itself (the author's own
 * views, edit and "did this solve it?" rules), and rows that are the author's own
 * (their account, sessions, what they follow, their notifications).
 */
const allowed = new Set([
  "users.id",
  "items.author_id",
  "sessions.user_id",
  "follows.user_id",
  "notifications.user_id",
]);

/** Every uuid column of every table that holds `userId`, as "table.column". */
async function columnsHolding(userId: string): Promise<string[]> {
  const columns = await queryRows<{ table_name: string; column_name: string }>(
    getDb(),
    sql`select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type = 'uuid' order by table_name, column_name`,
  );
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const [row] = await queryRows<{ n: number }>(
      getDb(),
      sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)} = ${userId}::uuid`,
    );
    if ((row?.n ?? 0) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

describe("an anonymous item", () => {
  it("names no one in the audit log, to admins either, and leaves no other trace of its author", async () => {
    const author = await createUser({ name: "Sara Esposito", email: "sara.esposito@example.it" });
    const admin = await createUser({ role: "admin" });
    const cluster = await insertCluster("Turno serale");
    const item = await createItem(
      getDb(),
      author,
      itemInput({ anonymous: true, title: "Il capoturno serale urla in sala" }),
      undefined,
      {
        clusterNumbers: [cluster.number],
      },
    );
    const { anonymous: _anonymous, ...changes } = itemInput({ title: "Il capoturno della sera urla in sala" });
    const edited = await editItem(getDb(), { id: author.id, canManage: false }, item.id, { ...changes, version: 1 });
    expect(edited.ok).toBe(true);
    await closeItem(item.id, admin);
    expect((await answerOutcome(getDb(), author, item.id, { answer: "yes", comment: "Ora va meglio" })).ok).toBe(true);

    const { entries } = await listAudit(getDb());
    const anonymous = entries.filter((entry) => entry.targetId === item.id);
    expect(anonymous).toEqual([
      expect.objectContaining({
        action: "item.create_anonymous",
        actorName: null,
        actorEmail: null,
        anonymousActor: true,
      }),
    ]);

    const page = await runRoute(async () =>
      auditLoader({
        request: makeRequest("/admin/audit", { cookie: await sessionCookie(admin.id) }),
        params: {},
        context: {},
      }),
    );
    expect(page.status).toBe(200);
    const shown = JSON.stringify(page.data);
    expect(shown).toContain("item.create_anonymous");
    for (const trace of ["Sara Esposito", "sara.esposito@example.it", author.id]) expect(shown).not.toContain(trace);

    expect((await columnsHolding(author.id)).filter((column) => !allowed.has(column))).toEqual([]);
  });
});
