import { describe, expect, it } from "vitest";
import { loader } from "#app/routes/admin.audit";
import { AUDIT_PAGE_SIZE, listAudit, writeAudit } from "#app/services/audit.server";
import { getDb } from "#db/client.server";
import { createUser, sessionCookie } from "#tests/factories/index";
import { makeRequest, runRoute } from "#tests/support/routes";

type AuditPage = Awaited<ReturnType<typeof listAudit>>;

describe("audit log", () => {
  it("stores who did what to which target, and from where", async () => {
    const admin = await createUser({ role: "admin", name: "Giulia Rossi", email: "giulia@example.it" });
    await writeAudit(getDb(), {
      actorId: admin.id,
      action: "team.create",
      targetType: "team",
      targetId: "t1",
      details: { name: "Fatturazione" },
      ip: "10.0.0.1",
    });
    const { entries, nextBefore } = await listAudit(getDb());
    expect(entries).toMatchObject([
      {
        action: "team.create",
        targetType: "team",
        targetId: "t1",
        details: { name: "Fatturazione" },
        ip: "10.0.0.1",
        actorName: "Giulia Rossi",
        actorEmail: "giulia@example.it",
      },
    ]);
    expect(entries[0]!.createdAt).toBeInstanceOf(Date);
    expect(nextBefore).toBeUndefined();
  });

  it("shows system entries without an actor", async () => {
    await writeAudit(getDb(), { actorId: null, action: "setup.complete", targetType: "user" });
    const { entries } = await listAudit(getDb());
    expect(entries).toMatchObject([{ actorName: null, details: {}, targetId: null, ip: null }]);
  });

  it("pages newest first, 50 at a time, without gaps or repeats", async () => {
    const total = AUDIT_PAGE_SIZE * 2 + 5;
    for (let i = 0; i < total; i += 1) {
      await writeAudit(getDb(), { actorId: null, action: "team.create", targetType: "team", targetId: String(i) });
    }
    const first = await listAudit(getDb());
    expect(first.entries).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.entries[0]!.targetId).toBe(String(total - 1));
    expect(first.nextBefore).toBe(first.entries.at(-1)!.id);

    const second = await listAudit(getDb(), { before: first.nextBefore });
    expect(second.entries).toHaveLength(AUDIT_PAGE_SIZE);
    const third = await listAudit(getDb(), { before: second.nextBefore });
    expect(third.entries).toHaveLength(5);
    expect(third.nextBefore).toBeUndefined();

    const seen = [...first.entries, ...second.entries, ...third.entries].map((entry) => Number(entry.targetId));
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => total - 1 - i));
  });

  it("reads the before parameter in the admin page and ignores a bad one", async () => {
    const admin = await createUser({ role: "admin" });
    const cookie = await sessionCookie(admin.id);
    for (let i = 0; i < 3; i += 1) {
      await writeAudit(getDb(), { actorId: admin.id, action: "team.create", targetType: "team", targetId: String(i) });
    }
    const all = await listAudit(getDb());
    const middle = all.entries[1]!.id;
    const paged = await runRoute(() =>
      loader({ request: makeRequest(`/admin/audit?before=${middle}`, { cookie }), params: {}, context: {} }),
    );
    expect((paged.data as AuditPage).entries.map((entry) => entry.targetId)).toEqual(["0"]);
    for (const bad of ["abc", "-4", "0", "1.5"]) {
      const result = await runRoute(() =>
        loader({ request: makeRequest(`/admin/audit?before=${bad}`, { cookie }), params: {}, context: {} }),
      );
      expect(result.status).toBe(200);
      expect((result.data as AuditPage).entries).toHaveLength(3);
    }
  });
});
