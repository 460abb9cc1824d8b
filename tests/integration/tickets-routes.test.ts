import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as errorsRoute from "#app/routes/admin.imports.$id_.errors[.]csv";
import * as progressRoute from "#app/routes/admin.imports.$id_.progress";
import * as importRoute from "#app/routes/admin.imports.$id/route";
import * as importsRoute from "#app/routes/admin.imports._index";
import { registerJobHandler, startJobRunner } from "#app/services/jobs/index";
import { TICKET_IMPORT_JOB, runTicketImportJob } from "#app/services/tickets/import-job.server";
import { getImportView } from "#app/services/tickets/imports.server";
import { getDb } from "#db/client.server";
import { ticketImports } from "#db/schema/index";
import { createUser, sessionCookie } from "#tests/factories/index";
import { makeRequest, runRoute } from "#tests/support/routes";

const fixtures = path.resolve("tests/fixtures/tickets");
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function uploadRequest(cookie: string, file: string | null, preset = "zendesk") {
  const form = new FormData();
  if (file) form.append("file", new Blob([readFileSync(path.join(fixtures, file))], { type: "text/csv" }), file);
  form.append("preset", preset);
  return new Request("http://localhost:3000/admin/imports", {
    method: "POST",
    headers: { cookie, "x-floorboard-remote-addr": "127.0.0.1" },
    body: form,
  });
}

async function adminCookie() {
  const admin = await createUser({ role: "admin" });
  return sessionCookie(admin.id);
}

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

describe("import pages", () => {
  it("are for admins only", async () => {
    const manager = await createUser({ role: "manager" });
    const cookie = await sessionCookie(manager.id);
    const list = await runRoute(() => importsRoute.loader(args(makeRequest("/admin/imports", { cookie }))));
    expect(list.status).toBe(403);
    const upload = await runRoute(() => importsRoute.action(args(uploadRequest(cookie, "zendesk.csv"))));
    expect(upload.status).toBe(403);
    expect(await getDb().select().from(ticketImports)).toHaveLength(0);
  });

  it("upload → preview → start → progress → failed rows as CSV", async () => {
    const cookie = await adminCookie();
    const uploaded = await runRoute(() => importsRoute.action(args(uploadRequest(cookie, "invalid-rows.csv"))));
    expect(uploaded.status).toBe(302);
    const id = uploaded.location!.split("/").pop()!;

    const preview = await runRoute(() =>
      importRoute.loader(args(makeRequest(`/admin/imports/${id}`, { cookie }), { id })),
    );
    const previewData = preview.data as Awaited<ReturnType<typeof importRoute.loader>>;
    expect(previewData.preview?.headers[0]).toBe("Id");
    expect(previewData.preview?.rows.map((row) => [row.line, row.mapped.ok])).toEqual([
      [2, true],
      [3, false],
      [5, false],
      [6, false],
      [7, false],
      [8, true],
    ]);
    expect(previewData.missing).toEqual([]);

    // A hand-made mapping without the subject is refused, naming the field.
    const bad = await runRoute(() =>
      importRoute.action(
        args(
          makeRequest(`/admin/imports/${id}`, {
            cookie,
            form: { intent: "start", "map.externalId": "Id", "map.openedAt": "Created at" },
          }),
          { id },
        ),
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.data).toEqual({
      formError: {
        intent: "start",
        message: "tickets:preview.missingColumns",
        target: null,
        values: { subject: "Subject" },
      },
    });

    const mapping = Object.fromEntries(
      Object.entries(previewData.mapping).map(([field, column]) => [`map.${field}`, column as string]),
    );
    const started = await runRoute(() =>
      importRoute.action(
        args(makeRequest(`/admin/imports/${id}`, { cookie, form: { intent: "start", ...mapping } }), { id }),
      ),
    );
    expect(started.location).toBe(`/admin/imports/${id}`);
    const again = await runRoute(() =>
      importRoute.action(
        args(makeRequest(`/admin/imports/${id}`, { cookie, form: { intent: "start", ...mapping } }), { id }),
      ),
    );
    expect(again).toMatchObject({
      status: 400,
      data: { formError: { intent: "start", message: "tickets:preview.notStartable", target: null } },
    });

    const queued = await runRoute(() =>
      progressRoute.loader(args(makeRequest(`/admin/imports/${id}/progress`, { cookie }), { id })),
    );
    expect(queued.data).toMatchObject({ status: "queued", percent: 0 });

    cleanups.push(registerJobHandler(TICKET_IMPORT_JOB, runTicketImportJob));
    const runner = startJobRunner({ db: getDb(), workerId: "routes-test", pollMs: 10 });
    cleanups.push(() => runner.stop());
    for (let i = 0; i < 500 && (await getImportView(getDb(), id))?.shownStatus !== "succeeded"; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const done = await runRoute(() =>
      progressRoute.loader(args(makeRequest(`/admin/imports/${id}/progress`, { cookie }), { id })),
    );
    expect(done.data).toEqual({ status: "succeeded", percent: 100, rows: 6, inserted: 2, updated: 0, failed: 4 });

    const page = await runRoute(() =>
      importRoute.loader(args(makeRequest(`/admin/imports/${id}`, { cookie }), { id })),
    );
    expect((page.data as { errors: unknown[] }).errors).toHaveLength(4);

    const csv = await runRoute(() =>
      errorsRoute.loader(
        args(makeRequest(`/admin/imports/${id}/errors.csv`, { cookie, headers: { "accept-language": "en" } }), { id }),
      ),
    );
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = String(csv.data)
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^3,3002,/);
    expect(lines[2]).toMatch(/^5,,"?Ticket id: The ticket id is missing\./);
  });

  it("reports a missing file and an empty file", async () => {
    const cookie = await adminCookie();
    const none = await runRoute(() => importsRoute.action(args(uploadRequest(cookie, null))));
    expect(none).toMatchObject({
      status: 400,
      data: { formError: { intent: "upload", message: "tickets:errors.fileRequired" } },
    });
    const form = new FormData();
    form.append("file", new Blob([]), "empty.csv");
    form.append("preset", "zendesk");
    const empty = await runRoute(() =>
      importsRoute.action(
        args(new Request("http://localhost:3000/admin/imports", { method: "POST", headers: { cookie }, body: form })),
      ),
    );
    expect(empty).toMatchObject({
      status: 400,
      data: { formError: { intent: "upload", message: "tickets:errors.fileEmpty" } },
    });
    expect(await getDb().select().from(ticketImports)).toHaveLength(0);
  });
});
