import { describe, expect, it } from "vitest";
import { detectLanguage, maskText, stem, tokenize } from "#app/services/clustering/index";

const surfaces = (text: string) => tokenize(text).map((t) => t.surface);

describe("clustering text preparation", () => {
  it("splits Italian elisions and drops the elided article", () => {
    expect(surfaces("L'assistenza dell'operatore risponde all'utente")).toEqual([
      "assistenza",
      "operatore",
      "risponde",
      "utente",
    ]);
  });

  it("drops Italian quantifiers as the English list drops theirs, so they link no two problems", () => {
    expect(surfaces("Cancella tutte le sveglie di ogni giorno")).toEqual(["cancella", "sveglie", "giorno"]);
    expect(surfaces("Mostra gli altri promemoria")).toEqual(["mostra", "promemoria"]);
  });

  it("marks the word a negation governs instead of keeping the negation as a word", () => {
    const marks = (text: string) => tokenize(text).map((t) => `${t.negated ? "¬" : ""}${t.surface}`);
    expect(marks("La carta non funziona")).toEqual(["carta", "¬funziona"]);
    expect(marks("My card is not working")).toEqual(["card", "¬working"]);
    expect(marks("The parcel hasn't arrived")).toEqual(["parcel", "¬arrived"]);
    expect(marks("Il pacco non è mai arrivato")).toEqual(["pacco", "¬arrivato"]);
  });

  it("maps the words of both languages to one concept through the lexicon", () => {
    const concepts = (text: string) => tokenize(text).map((t) => t.concept);
    const [refundIt, cardIt] = concepts("rimborso sulla carta");
    const [refundEn, cardEn] = concepts("refund card");
    expect(refundIt).toBeGreaterThanOrEqual(0);
    expect(refundIt).toBe(refundEn);
    expect(cardIt).toBe(cardEn);
    // Inflections reach the same concept through the stemmer.
    expect(concepts("rimborsati")[0]).toBe(refundIt);
    expect(tokenize("rimborso", "it", { lexicon: false })[0]!.concept).toBe(-1);
  });

  it("masks personal data and numbers with placeholders", () => {
    const text =
      "Scrivo da mario.rossi@example.it, tel. +39 333 1234567, IBAN IT60X0542811101000000123456, carta 4111 1111 1111 1111, CF RSSMRA85T10A562S, ordine 12345";
    const masked = maskText(text);
    for (const secret of ["mario.rossi", "333", "IT60X", "4111", "RSSMRA", "12345"])
      expect(masked).not.toContain(secret);
    expect(surfaces(text)).toEqual([
      "scrivo",
      "[email]",
      "tel",
      "[phone]",
      "iban",
      "[iban]",
      "carta",
      "[card]",
      "cf",
      "[tax_code]",
      "ordine",
      "[num]",
    ]);
  });

  it("keeps placeholders already in the text and masks bare numbers", () => {
    expect(surfaces("refund of 25.50 to [email] after 3 days")).toEqual([
      "refund",
      "[num]",
      "[email]",
      "[num]",
      "days",
    ]);
  });

  it("tells Italian from English on short texts", () => {
    expect(detectLanguage("Non riesco ad accedere all'app")).toBe("it");
    expect(detectLanguage("La carta è bloccata")).toBe("it");
    expect(detectLanguage("Il pagamento non è arrivato")).toBe("it");
    expect(detectLanguage("I can't log in to the app")).toBe("en");
    expect(detectLanguage("My card is blocked")).toBe("en");
    expect(detectLanguage("Where is my refund?")).toBe("en");
    // "i" is an Italian article too, and short requests have few function words.
    expect(detectLanguage("Cancella tutti i promemoria")).toBe("it");
    expect(detectLanguage("Visualizza i miei promemoria")).toBe("it");
    expect(detectLanguage("Quanto caldo fa")).toBe("it");
    expect(detectLanguage("Pioverà domani?")).toBe("it");
    // An English title inside an Italian request is a name, not the language.
    expect(detectLanguage("Aggiungi questo brano alla playlist Road Trip Classics")).toBe("it");
    expect(detectLanguage("set a five minute timer")).toBe("en");
    expect(detectLanguage("Give me a refund")).toBe("en");
  });

  it("stems with Snowball in each language", () => {
    expect(stem("pagamenti", "it")).toBe(stem("pagamento", "it"));
    expect(stem("bloccata", "it")).toBe(stem("bloccato", "it"));
    expect(stem("payments", "en")).toBe("payment");
    expect(stem("charged", "en")).toBe(stem("charging", "en"));
    expect(tokenize("the cards were delivered", "en").map((t) => t.stem)).toEqual(["card", "deliv"]);
  });
});
