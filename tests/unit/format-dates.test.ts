import { afterEach, describe, expect, it } from "vitest";
import { calendarDate, formatDate, formatDateTime, getDisplayTimeZone, setDisplayTimeZone } from "#app/i18n/format";

const initial = getDisplayTimeZone();
afterEach(() => setDisplayTimeZone(initial));

describe("dates in the app's time zone", () => {
  it("shows an instant at the hour it is in Rome, whatever the runtime's own zone", () => {
    setDisplayTimeZone("Europe/Rome");
    // 17:30 UTC is 18:30 in Rome in November (CET) and 19:30 in June (CEST).
    expect(formatDateTime("it", new Date("2026-11-22T17:30:00Z"))).toContain("18:30");
    expect(formatDateTime("en", "2026-06-15T17:30:00Z")).toContain("19:30");
  });

  it("follows a zone set later, as the browser does once the root loader names it", () => {
    setDisplayTimeZone("America/New_York");
    expect(formatDateTime("en", new Date("2026-11-22T17:30:00Z"))).toContain("12:30");
    expect(getDisplayTimeZone()).toBe("America/New_York");
  });

  it("ignores a zone that does not exist", () => {
    setDisplayTimeZone("Europe/Rome");
    setDisplayTimeZone("Mars/Olympus_Mons");
    expect(getDisplayTimeZone()).toBe("Europe/Rome");
  });

  it("keeps a calendar date on its day in every zone", () => {
    for (const zone of ["Pacific/Honolulu", "Europe/Rome", "Pacific/Kiritimati"]) {
      setDisplayTimeZone(zone);
      expect(formatDate("en", "2026-12-01")).toBe("1 Dec 2026");
      expect(formatDate("it", "2026-12-01")).toBe("1 dic 2026");
    }
  });

  it("says which day it is where the team is: a due date passes at midnight in Rome, not in UTC", () => {
    setDisplayTimeZone("Europe/Rome");
    expect(calendarDate(new Date("2026-11-22T23:30:00Z"))).toBe("2026-11-23");
    expect(calendarDate(new Date("2026-11-22T22:59:00Z"))).toBe("2026-11-22");
    expect(calendarDate(new Date("2026-06-30T22:30:00Z"))).toBe("2026-07-01");
    expect(calendarDate(new Date("2026-11-22T23:30:00Z"), "UTC")).toBe("2026-11-22");
  });
});
