import { describe, expect, it } from "vitest";
import { csvField, csvRow } from "#app/utils/csv";
import { extractMentions, firstFreeHandle, handleFromName } from "#app/utils/handle";
import { linkify } from "#app/utils/linkify";

describe("linkify", () => {
  it("turns http(s) and www addresses into links and keeps punctuation outside", () => {
    expect(linkify("Vedi https://esempio.it/faq, poi www.esempio.it.")).toEqual([
      { type: "text", value: "Vedi " },
      { type: "link", value: "https://esempio.it/faq", href: "https://esempio.it/faq" },
      { type: "text", value: ", poi " },
      { type: "link", value: "www.esempio.it", href: "https://www.esempio.it" },
      { type: "text", value: "." },
    ]);
  });

  it("never makes a link of other schemes or markup", () => {
    const segments = linkify('javascript:alert(1) <a href="x">y</a> data:text/html,<script>');
    expect(segments.every((segment) => segment.type === "text")).toBe(true);
  });
});

describe("mentions and handles", () => {
  it("derives handles from names without accents", () => {
    expect(handleFromName("Giulia De Luca")).toBe("giulia.de.luca");
    expect(handleFromName("Niccolò D'Àmico")).toBe("niccolo.d.amico");
    expect(handleFromName("  ")).toBe("user");
    expect(firstFreeHandle("sara.esposito", ["sara.esposito", "Sara.Esposito2"])).toBe("sara.esposito3");
  });

  it("finds mentions but not email addresses", () => {
    expect(extractMentions("Ciao @Giulia.Rossi e @marco.bianchi, scrivete a info@esempio.it.")).toEqual([
      "giulia.rossi",
      "marco.bianchi",
    ]);
  });
});

describe("CSV", () => {
  it("quotes separators and defuses formulas", () => {
    expect(csvField('Disse "ciao"; poi')).toBe('"Disse ""ciao""; poi"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("-5")).toBe("'-5");
    expect(csvRow([1, null, ["a", "b"]])).toBe('1,,"a, b"\r\n');
  });

  it("writes negative numbers as numbers, defusing only text", () => {
    // A shrinking cluster's growth in the dashboard CSV: a figure Excel must be able to sum.
    expect(csvRow([12, "Fatture", -59.7, -3])).toBe("12,Fatture,-59.7,-3\r\n");
    expect(csvField("-59.7")).toBe("'-59.7");
    expect(csvField(Number.NaN)).toBe("");
  });
});
