import { describe, expect, it } from "vitest";
import { resolveDashboardQuery } from "#app/schemas/dashboard";

const now = new Date("2026-03-02T12:00:00Z");
const resolve = (query: string) => resolveDashboardQuery(new URLSearchParams(query), now);

describe("dashboard query", () => {
  it("ends a preset range now and defaults to 12 weeks", () => {
    expect(resolve("").filters).toEqual({
      from: new Date("2025-12-08T12:00:00Z"),
      to: now,
      teamId: undefined,
      area: undefined,
      channel: undefined,
    });
    expect(resolve("range=4").filters.from).toEqual(new Date("2026-02-02T12:00:00Z"));
    expect(resolve("range=52").filters.from).toEqual(new Date("2025-03-03T12:00:00Z"));
    expect(resolve("range=7").query.range).toBe("12");
  });

  it("reads custom dates as whole UTC days, the last one included", () => {
    const result = resolve("range=custom&from=2026-01-01&to=2026-01-31");
    expect(result.errors).toEqual({});
    expect(result.filters.from).toEqual(new Date("2026-01-01T00:00:00Z"));
    expect(result.filters.to).toEqual(new Date("2026-02-01T00:00:00Z"));
  });

  it("reports bad custom dates with i18n keys and falls back to 12 weeks, keeping the filters", () => {
    const team = "6f1c1f5e-8a7b-4c0e-9d2a-3b4c5d6e7f80";
    expect(resolve(`range=custom&from=2026-02-30x&to=&team=${team}&area=policy`)).toMatchObject({
      errors: { from: "dashboard:errors.dateInvalid", to: "dashboard:errors.toRequired" },
      filters: { from: new Date("2025-12-08T12:00:00Z"), to: now, teamId: team, area: "policy" },
    });
    expect(resolve("range=custom&from=2020-01-01&to=2026-01-01").errors).toEqual({
      to: "dashboard:errors.rangeTooLong",
    });
  });

  it("drops unknown filter values", () => {
    expect(resolve("team=not-a-uuid&area=weather&channel=fax").filters).toMatchObject({
      teamId: undefined,
      area: undefined,
      channel: undefined,
    });
    expect(resolve("channel=chat").filters.channel).toBe("chat");
  });
});
