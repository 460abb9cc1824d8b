import { describe, expect, it } from "vitest";
import { apiEndpoint } from "#app/api/route.server";

const answer =
  (name: string) =>
  async ({ request }: { request: Request }) =>
    Response.json({ name, method: request.method });

/** Calls a route module as Remix does: the loader for GET and HEAD, the action otherwise. */
async function call(route: ReturnType<typeof apiEndpoint>, method: string) {
  const request = new Request("http://localhost/api/v1/things", { method });
  const args = { request, params: {}, context: {} };
  const response = await (method === "GET" || method === "HEAD" ? route.loader(args) : route.action(args));
  return { status: response.status, allow: response.headers.get("allow"), body: (await response.json()) as unknown };
}

describe("apiEndpoint", () => {
  it("runs the handler of each declared method, GET also for HEAD", async () => {
    const route = apiEndpoint({ GET: answer("read"), POST: answer("create"), DELETE: answer("remove") });
    expect(await call(route, "GET")).toMatchObject({ status: 200, body: { name: "read" } });
    expect(await call(route, "HEAD")).toMatchObject({ status: 200, body: { name: "read", method: "HEAD" } });
    expect(await call(route, "POST")).toMatchObject({ status: 200, body: { name: "create" } });
    expect(await call(route, "DELETE")).toMatchObject({ status: 200, body: { name: "remove" } });
  });

  it("answers any other method with a JSON 405 whose Allow lists the declared methods", async () => {
    const route = apiEndpoint({ GET: answer("read"), POST: answer("create") });
    for (const method of ["PUT", "PATCH", "OPTIONS"]) {
      expect(await call(route, method)).toEqual({
        status: 405,
        allow: "GET, POST",
        body: { error: { code: "method_not_allowed", message: `${method} is not supported here; use GET or POST.` } },
      });
    }
    const writeOnly = apiEndpoint({ PUT: answer("vote"), DELETE: answer("unvote") });
    expect(await call(writeOnly, "GET")).toMatchObject({ status: 405, allow: "PUT, DELETE" });
    expect(await call(writeOnly, "POST")).toMatchObject({ status: 405, allow: "PUT, DELETE" });
  });
});
