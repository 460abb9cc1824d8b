import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SAMPLE_EXPORT_PATH, sampleZendeskExport } from "../../scripts/make-sample-export";

describe("the sample Zendesk export", () => {
  it("is what scripts/make-sample-export.ts writes from the demo ticket texts", () => {
    // Fails when the texts change and the file was not made again.
    expect(readFileSync(SAMPLE_EXPORT_PATH, "utf8")).toBe(sampleZendeskExport());
  });
});
