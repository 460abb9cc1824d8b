import { describe, expect, it } from "vitest";
import { TeamNameSchema } from "#app/schemas/admin";
import { PersonNameSchema } from "#app/schemas/auth";
import { ItemFieldsSchema } from "#app/schemas/items";

const title = ItemFieldsSchema.shape.title;
const messages = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  result.success ? [] : result.error!.issues.map((issue) => issue.message);

describe("names and titles shown to other people", () => {
  it("refuse line breaks and other control characters in a display name", () => {
    expect(messages(PersonNameSchema.safeParse("Sara\r\nBcc: tutti@example.it"))).toEqual([
      "validation:controlCharacters",
    ]);
    expect(messages(PersonNameSchema.safeParse("Sara\tEsposito"))).toEqual(["validation:controlCharacters"]);
    expect(messages(PersonNameSchema.safeParse("Sara\u0000"))).toEqual(["validation:controlCharacters"]);
    expect(PersonNameSchema.parse("  Sara Esposito ")).toBe("Sara Esposito");
    expect(PersonNameSchema.parse("Zoë D'Amico-Ñúñez")).toBe("Zoë D'Amico-Ñúñez");
  });

  it("refuse titles of zero-width characters only, and bidi overrides", () => {
    expect(messages(title.safeParse("\u200b\u200b\u200b\u200b\u200b\u200b"))).toEqual(["validation:visibleRequired"]);
    expect(messages(title.safeParse("\u202eetisoppo'l otircs oh"))).toEqual(["validation:bidiControl"]);
    expect(messages(title.safeParse("Titolo \u2066isolato\u2069 qui"))).toEqual(["validation:bidiControl"]);
    expect(messages(title.safeParse("Riga uno\nriga due"))).toEqual(["validation:controlCharacters"]);
    expect(title.parse("Richiamata automatica")).toBe("Richiamata automatica");
    // Arabic or Hebrew text itself is welcome: only the invisible direction controls are refused.
    expect(title.parse("שלום עולם, مرحبا")).toBe("שלום עולם, مرحبا");
  });

  it("apply the same rule to team names", () => {
    expect(messages(TeamNameSchema.safeParse("\u00a0\u200b\u00a0"))).toContain("validation:visibleRequired");
    expect(TeamNameSchema.parse("Fatturazione")).toBe("Fatturazione");
  });
});
