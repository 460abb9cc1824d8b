import { describe, expect, it } from "vitest";
import { pageTitle, textTitle } from "#app/i18n/meta";
import { mentionAtCaret, splitMentions } from "#app/utils/handle";

describe("mentions in comments", () => {
  it("links only the handles of real people, and leaves emails alone", () => {
    const known = new Set(["marco.bianchi"]);
    expect(splitMentions("Chiedo a @marco.bianchi e a @nessuno, scrivi a a@b.it", known)).toEqual([
      { type: "text", value: "Chiedo a " },
      { type: "mention", value: "@marco.bianchi", handle: "marco.bianchi" },
      { type: "text", value: " e a @nessuno, scrivi a a@b.it" },
    ]);
    expect(splitMentions("@Marco.Bianchi.", known)).toEqual([
      { type: "mention", value: "@Marco.Bianchi", handle: "marco.bianchi" },
      { type: "text", value: "." },
    ]);
  });

  it("finds the word being typed after an @ at the caret", () => {
    expect(mentionAtCaret("Ciao @mar", 9)).toEqual({ query: "mar", start: 5 });
    expect(mentionAtCaret("@", 1)).toEqual({ query: "", start: 0 });
    expect(mentionAtCaret("scrivi a a@b", 12)).toBeNull();
    expect(mentionAtCaret("Ciao @marco e poi", 17)).toBeNull();
  });
});

describe("browser titles", () => {
  const root = (locale: string) => [{ id: "root", data: { locale } }];
  it("names the page in the person's language, then the product", () => {
    expect(pageTitle(root("it"), "items:board.title")).toEqual([{ title: "Bacheca · Floorboard" }]);
    expect(pageTitle(root("en"), "items:board.title")).toEqual([{ title: "Board · Floorboard" }]);
    expect(pageTitle(root("en"), "items:form.editTitle", { number: 18 })).toEqual([{ title: "Edit #18 · Floorboard" }]);
    expect(pageTitle([], "items:board.title")).toEqual([{ title: "Bacheca · Floorboard" }]);
    expect(textTitle("#18 Rimborsi più rapidi")).toEqual([{ title: "#18 Rimborsi più rapidi · Floorboard" }]);
  });
});
