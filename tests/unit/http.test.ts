import { afterEach, describe, expect, it, vi } from "vitest";
import { getLucia } from "#app/auth/lucia.server";
import { badRequest, formError, notFound, safeRedirect } from "#app/utils/http.server";
import { readErrorPayload } from "#app/utils/errors";
import { formErrorFor, readFormError } from "#app/utils/forms";
import type { Database } from "#db/client.server";

// getEnv() caches the environment, so each case loads a fresh copy of the module.
async function loadHttp(env: Record<string, string>) {
  vi.resetModules();
  vi.stubEnv("PUBLIC_URL", "");
  vi.stubEnv("TRUST_PROXY", "");
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import("#app/utils/http.server");
}

function request(url: string, headers: Record<string, string> = {}) {
  return new Request(url, { headers });
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("safeRedirect", () => {
  it.each(["/", "/board", "/admin/users?q=rossi", "/board#item-4", "/a/b/c"])("keeps the local path %s", (to) => {
    expect(safeRedirect(to)).toBe(to);
  });

  it.each([
    ["https://evil.example/board"],
    ["//evil.example"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["javascript:alert(1)"],
    ["board"],
    [" /board"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["/\u0000/evil.example"],
  ])("falls back for %j", (to) => {
    expect(safeRedirect(to)).toBe("/");
    expect(safeRedirect(to, "/board")).toBe("/board");
  });

  it("never returns something a browser resolves to another host", () => {
    const attempts = [
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n\\evil.example",
      "https:evil.example",
    ];
    for (const to of attempts) {
      expect(new URL(safeRedirect(to), "https://floorboard.example.it").host).toBe("floorboard.example.it");
    }
  });

  it("falls back for empty and non-string values", () => {
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect(null, "/login")).toBe("/login");
    expect(safeRedirect("", "/board")).toBe("/board");
    expect(safeRedirect(new File(["x"], "x.txt"), "/board")).toBe("/board");
  });
});

describe("isSecureRequest", () => {
  it("is false for plain HTTP without a proxy header", async () => {
    const { isSecureRequest } = await loadHttp({});
    expect(isSecureRequest(request("http://localhost:3000/login"))).toBe(false);
  });

  it("is true when a proxy says the original request was HTTPS", async () => {
    const { isSecureRequest } = await loadHttp({});
    expect(isSecureRequest(request("http://localhost:3000/login", { "x-forwarded-proto": "https" }))).toBe(true);
    expect(isSecureRequest(request("http://localhost:3000/login", { "x-forwarded-proto": "https, http" }))).toBe(true);
    expect(isSecureRequest(request("http://localhost:3000/login", { "x-forwarded-proto": "http" }))).toBe(false);
  });

  it("is true for a request made over HTTPS directly", async () => {
    const { isSecureRequest } = await loadHttp({});
    expect(isSecureRequest(request("https://floorboard.example.it/login"))).toBe(true);
  });

  it("follows PUBLIC_URL when it is set to https", async () => {
    const { isSecureRequest } = await loadHttp({ PUBLIC_URL: "https://floorboard.example.it" });
    expect(isSecureRequest(request("http://10.0.0.7:3000/login"))).toBe(true);
  });

  it("is false when PUBLIC_URL is plain http", async () => {
    const { isSecureRequest } = await loadHttp({ PUBLIC_URL: "http://floorboard.local:3000" });
    expect(isSecureRequest(request("http://floorboard.local:3000/login"))).toBe(false);
  });
});

describe("getClientIp", () => {
  it("uses the socket address the server put in and ignores X-Forwarded-For by default", async () => {
    const { getClientIp } = await loadHttp({});
    const req = request("http://localhost/", { "x-floorboard-remote-addr": "10.1.2.3", "x-forwarded-for": "1.1.1.1" });
    expect(getClientIp(req)).toBe("10.1.2.3");
  });

  it("uses the address the declared proxy appended to X-Forwarded-For, not one the client forged", async () => {
    const { getClientIp } = await loadHttp({ TRUST_PROXY: "true" });
    const req = request("http://localhost/", {
      "x-floorboard-remote-addr": "10.0.0.1",
      "x-forwarded-for": "6.6.6.6, 93.184.216.34",
    });
    expect(getClientIp(req)).toBe("93.184.216.34");
  });

  it("says unknown when there is no address at all", async () => {
    const { getClientIp } = await loadHttp({});
    expect(getClientIp(request("http://localhost/"))).toBe("unknown");
  });
});

describe("notFound and badRequest", () => {
  it("are real Responses carrying a message key and its values", async () => {
    const missing = notFound("items:errors.itemMissing", { number: 42 });
    expect(missing).toBeInstanceOf(Response);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ reason: "items:errors.itemMissing", values: { number: 42 } });
    expect(await notFound().json()).toEqual({ reason: null });
    const bad = badRequest();
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ reason: "validation:invalidForm" });
  });

  it("are read back only when they hold one of the app's keys, never raw text", () => {
    expect(readErrorPayload({ reason: "items:errors.itemMissing", values: { number: 42 } })).toEqual({
      reason: "items:errors.itemMissing",
      values: { number: 42 },
    });
    expect(readErrorPayload({ reason: "errors.404.title" })).toEqual({ reason: "errors.404.title", values: {} });
    for (const data of ["Not found", { reason: "<b>hi</b> there" }, { reason: null }, null, { reason: "a:b c" }])
      expect(readErrorPayload(data), JSON.stringify(data)).toBeNull();
  });
});

describe("formError", () => {
  it("answers with the form's intent, the message and the row, read back by intent and row", () => {
    const answer = formError("update", "admin:users.errors.lastAdmin", { target: "u1" });
    expect(answer).toMatchObject({
      type: "DataWithResponseInit",
      data: { formError: { intent: "update", message: "admin:users.errors.lastAdmin", target: "u1" } },
      init: { status: 400 },
    });
    const data = answer.data;
    expect(formErrorFor(data, ["update", "deactivate"], "u1")).toBe("admin:users.errors.lastAdmin");
    expect(formErrorFor(data, "update")).toBe("admin:users.errors.lastAdmin");
    expect(formErrorFor(data, "update", "u2")).toBeUndefined();
    expect(formErrorFor(data, "invite")).toBeUndefined();
    expect(formErrorFor({ updated: "u1" }, "update")).toBeUndefined();
    expect(formErrorFor(undefined, "update")).toBeUndefined();
    expect(formError("upload", "tickets:errors.tooLarge", { status: 413 }).init).toMatchObject({ status: 413 });
  });

  it("carries the values its message names, read back with the message", () => {
    const answer = formError("start", "tickets:preview.missingColumns", { values: { subject: "Subject" } });
    expect(answer.data).toEqual({
      formError: {
        intent: "start",
        message: "tickets:preview.missingColumns",
        target: null,
        values: { subject: "Subject" },
      },
    });
    expect(readFormError(answer.data, "start")).toEqual({
      message: "tickets:preview.missingColumns",
      values: { subject: "Subject" },
    });
    expect(readFormError(formError("start", "x:y").data, "start")).toEqual({ message: "x:y", values: {} });
    expect(readFormError(answer.data, "cancel")).toBeUndefined();
    expect(formError("start", "x:y").data.formError).not.toHaveProperty("values");
  });
});

describe("session cookie", () => {
  const db = {} as Database;

  it("is HttpOnly, SameSite=Lax, on the whole site, and not Secure for plain HTTP", () => {
    const cookie = getLucia(db, false).createSessionCookie("abc").serialize();
    expect(cookie).toMatch(/^fb_session=abc;/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Secure/);
  });

  it("is Secure for HTTPS", () => {
    const cookie = getLucia(db, true).createSessionCookie("abc").serialize();
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
  });

  it("lasts 30 days", () => {
    const cookie = getLucia(db, false).createSessionCookie("abc").serialize();
    expect(cookie).toMatch(/Max-Age=2592000/);
  });

  it("blanks itself on sign-out", () => {
    expect(getLucia(db, false).createBlankSessionCookie().serialize()).toMatch(/^fb_session=;.*Max-Age=0/);
  });
});
