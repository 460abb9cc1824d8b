import { describe, expect, it } from "vitest";
import { IMPORT_UPLOAD_LIMIT, bodyLimitFor } from "#app/utils/body-limit";
import { TicketInputSchema } from "#app/schemas/tickets";
import { parseChannel, parseCsat, parseTicketDate, toTicketRecord } from "#app/services/tickets/normalise";
import { missingRequiredColumns, presetMapping } from "#app/services/tickets/presets.server";
import { getDisplayTimeZone, setDisplayTimeZone } from "#app/i18n/format";
import { detectDelimiter } from "#app/services/tickets/csv-file.server";
import { parseEnv } from "#app/utils/env.server";

describe("parseTicketDate", () => {
  it.each([
    ["2024-03-05T09:12:00Z", "2024-03-05T09:12:00.000Z"],
    ["2024-03-05T09:12:00+02:00", "2024-03-05T07:12:00.000Z"],
    ["2024-03-05 09:12 +0100", "2024-03-05T08:12:00.000Z"],
    // No offset: Italian time, CET in winter and CEST in summer.
    ["2024-03-05 09:12", "2024-03-05T08:12:00.000Z"],
    ["2024-07-05 09:12:30", "2024-07-05T07:12:30.000Z"],
    ["2024-07-05", "2024-07-04T22:00:00.000Z"],
    ["05/03/2024 09:15", "2024-03-05T08:15:00.000Z"],
    ["5/7/2024 9:05", "2024-07-05T07:05:00.000Z"],
    ["05.03.2024", "2024-03-04T23:00:00.000Z"],
    ["27/10/2024 03:30", "2024-10-27T02:30:00.000Z"],
  ])("reads %s", (input, iso) => {
    expect(parseTicketDate(input)?.toISOString()).toBe(iso);
  });

  it("reads a time without an offset in the app's time zone (APP_TIME_ZONE)", () => {
    const before = getDisplayTimeZone();
    try {
      setDisplayTimeZone("America/New_York");
      expect(parseTicketDate("2024-03-05 09:12")?.toISOString()).toBe("2024-03-05T14:12:00.000Z");
      expect(parseTicketDate("05/07/2024 09:15")?.toISOString()).toBe("2024-07-05T13:15:00.000Z");
      // Newfoundland moves its clocks at 02:00 local, half past a UTC hour.
      setDisplayTimeZone("America/St_Johns");
      expect(parseTicketDate("2024-03-10 03:00")?.toISOString()).toBe("2024-03-10T05:30:00.000Z");
      expect(parseTicketDate("2024-03-10 01:59")?.toISOString()).toBe("2024-03-10T05:29:00.000Z");
    } finally {
      setDisplayTimeZone(before);
    }
  });

  it.each(["", "ieri", "32/13/2024", "2024-02-30", "31/04/2024 10:00", "12345", "2024-03-05 25:00"])(
    "refuses %j",
    (input) => {
      expect(parseTicketDate(input)).toBeNull();
    },
  );
});

describe("ticket values", () => {
  it("reads CSAT as a 1–5 score or a good/bad rating", () => {
    expect(parseCsat(5)).toEqual({ score: 5, good: true });
    expect(parseCsat("3")).toEqual({ score: 3, good: false });
    expect(parseCsat("Good, I'm satisfied")).toEqual({ score: null, good: true });
    expect(parseCsat("Bad, I'm unsatisfied")).toEqual({ score: null, good: false });
    expect(parseCsat("Unhappy")).toEqual({ score: null, good: false });
    expect(parseCsat("Offered")).toEqual({ score: null, good: null });
    expect(parseCsat("7")).toBeNull();
    expect(parseCsat("boh")).toBeNull();
  });

  it("folds helpdesk channels into the app's channels", () => {
    expect(parseChannel("Phone call (incoming)")).toBe("phone");
    expect(parseChannel("Web Widget")).toBe("web_form");
    expect(parseChannel("Portal")).toBe("web_form");
    expect(parseChannel("WhatsApp")).toBe("messaging");
    expect(parseChannel("Facebook")).toBe("social");
    expect(parseChannel("Email")).toBe("email");
    expect(parseChannel("web_form")).toBe("web_form");
    expect(parseChannel("API")).toBeNull();
  });

  it("maps statuses, derives the first response from minutes and requires a subject or a body", () => {
    const parsed = TicketInputSchema.parse({
      externalId: 42,
      subject: " Oggetto ",
      status: "Hold",
      openedAt: "2024-03-05T09:00:00Z",
      firstReplyMinutes: "30",
      interactions: "2",
    });
    expect(toTicketRecord(parsed)).toMatchObject({
      externalId: "42",
      subject: "Oggetto",
      status: "open",
      interactions: 2,
      firstResponseAt: new Date("2024-03-05T09:30:00Z"),
    });
    const empty = TicketInputSchema.safeParse({ externalId: "1", openedAt: "2024-03-05" });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues.map((issue) => issue.message)).toEqual(["tickets:rowErrors.subjectOrBody"]);
  });
});

describe("presets and columns", () => {
  it("finds a preset's columns whatever their case, and names the missing required ones", () => {
    const headers = ["ID", "subject", "Created at", "Via"];
    const mapping = presetMapping("zendesk", headers);
    expect(mapping).toEqual({ externalId: "ID", subject: "subject", openedAt: "Created at", channel: "Via" });
    expect(missingRequiredColumns("zendesk", mapping, headers)).toEqual([]);
    expect(missingRequiredColumns("freshdesk", presetMapping("freshdesk", headers), headers)).toEqual([
      { field: "externalId", column: "Ticket ID" },
      { field: "openedAt", column: "Created time" },
    ]);
  });

  it("detects the separator from the header line, ignoring quoted text", () => {
    expect(detectDelimiter("Id;Subject;Created at")).toBe(";");
    expect(detectDelimiter('Id,"Subject; long",Created at')).toBe(",");
    expect(detectDelimiter("Id\tSubject\tCreated")).toBe("\t");
    expect(detectDelimiter("Id")).toBe(",");
  });
});

describe("server settings", () => {
  it("allows large bodies only for the import upload", () => {
    expect(bodyLimitFor("/admin/imports").limit).toBe(IMPORT_UPLOAD_LIMIT);
    expect(bodyLimitFor("/admin/imports").message).toMatch(/200 MiB/);
    expect(bodyLimitFor("/admin/imports/abc").limit).toBe(1024 * 1024);
    expect(bodyLimitFor("/api/v1/tickets").limit).toBe(5 * 1024 * 1024);
  });

  it("runs jobs in the app server unless RUN_JOBS=false", () => {
    expect(parseEnv({}).RUN_JOBS).toBe(true);
    expect(parseEnv({ RUN_JOBS: "false" }).RUN_JOBS).toBe(false);
    expect(parseEnv({ RUN_JOBS: "true", JOB_CONCURRENCY: "4" })).toMatchObject({ RUN_JOBS: true, JOB_CONCURRENCY: 4 });
    expect(() => parseEnv({ RUN_JOBS: "maybe" })).toThrow(/RUN_JOBS/);
  });
});
