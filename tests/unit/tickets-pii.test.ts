import { describe, expect, it } from "vitest";
import { ibanChecksumValid, luhnValid, scrubPii, taxCodeCheckValid } from "#app/services/tickets/pii";

describe("scrubPii", () => {
  it.each([
    ["Scrivetemi a mario.rossi@example.it per favore", "Scrivetemi a [email] per favore"],
    ["Contact: JANE_DOE+billing@mail.co.uk.", "Contact: [email]."],
    ["due indirizzi: a@b.it, c.d@e-f.com", "due indirizzi: [email], [email]"],
  ])("replaces e-mail addresses: %s", (input, expected) => {
    expect(scrubPii(input)).toBe(expected);
  });

  it.each([
    ["Il mio IBAN è IT60X0542811101000000123456 grazie", "Il mio IBAN è [iban] grazie"],
    ["IBAN: IT60 X054 2811 1010 0000 0123 456 per il rimborso", "IBAN: [iban] per il rimborso"],
    ["my account GB82 WEST 1234 5698 7654 32.", "my account [iban]."],
    ["DE89370400440532013000", "[iban]"],
    ["iban it60x0542811101000000123456", "iban [iban]"],
  ])("replaces IBANs: %s", (input, expected) => {
    expect(scrubPii(input)).toBe(expected);
  });

  it.each([
    ["Carta 4111 1111 1111 1111 addebitata due volte", "Carta [card] addebitata due volte"],
    ["card number 5555-5555-5555-4444", "card number [card]"],
    ["Amex 378282246310005 exp 12/27", "Amex [card] exp 12/27"],
  ])("replaces Luhn-valid card numbers: %s", (input, expected) => {
    expect(scrubPii(input)).toBe(expected);
  });

  it("leaves a long number that fails the Luhn check", () => {
    expect(scrubPii("Pratica 4111 1111 1111 1112 aperta")).toBe("Pratica 4111 1111 1111 1112 aperta");
    expect(scrubPii("tracking 1234567890123")).toBe("tracking 1234567890123");
  });

  it.each([
    ["CF RSSMRA85T10A562S del titolare", "CF [tax_code] del titolare"],
    ["codice fiscale: rssmra85t10a562s", "codice fiscale: [tax_code]"],
    // Omocodia: digits replaced by letters.
    ["CF RSSMRA85T10A56NH", "CF [tax_code]"],
    ["CF RSSMRAURTMLARNNG", "CF [tax_code]"],
  ])("replaces Italian tax codes: %s", (input, expected) => {
    expect(scrubPii(input)).toBe(expected);
  });

  it.each([
    ["Richiamatemi al 347 123 4567", "Richiamatemi al [phone]"],
    ["cell. +39 347.123.4567 dopo le 18", "cell. [phone] dopo le 18"],
    ["0039 3471234567", "[phone]"],
    ["+393471234567", "[phone]"],
    ["tel 02-12345678 ufficio", "tel [phone] ufficio"],
    ["fisso 06 1234 5678", "fisso [phone]"],
    ["centralino +39 06 69881", "centralino [phone]"],
    ["call me on +44 20 7946 0958 tomorrow", "call me on [phone] tomorrow"],
    ["US line +1 415-555-0132", "US line [phone]"],
    ["UK mobile 07700 900123", "UK mobile [phone]"],
  ])("replaces phone numbers: %s", (input, expected) => {
    expect(scrubPii(input)).toBe(expected);
  });

  it.each([
    "Il mio ordine 12345 non è arrivato",
    "ordine n. 987654 del 12/03/2024",
    "consegna prevista il 03.04.2024 alle 14:30",
    "data 2024-03-12 ore 09:15",
    "Prezzo € 49,90 invece di € 1.299,00",
    "Order #A-20391 shipped on 05/06/2024 at 10:45",
    "It costs $19.99, ref 4411",
    "Abbonamento da 12 mesi, rinnovo 01/01/2025",
    "Pratica 2024/000123",
    "version 3.2.1 of the app",
    "CAP 20121 Milano",
    "RSSMRA is a name and so is ABCDEFGHIJKLMNOP",
  ])("leaves ordinary text alone: %s", (input) => {
    expect(scrubPii(input)).toBe(input);
  });

  it("scrubs several kinds in one text", () => {
    const text =
      "Buongiorno, sono Mario (RSSMRA85T10A562S), mail mario@rossi.it, tel 333 1234567. " +
      "Rimborsate su IT60X0542811101000000123456, non sulla carta 4111111111111111. Ordine 55512.";
    expect(scrubPii(text)).toBe(
      "Buongiorno, sono Mario ([tax_code]), mail [email], tel [phone]. " +
        "Rimborsate su [iban], non sulla carta [card]. Ordine 55512.",
    );
  });
});

describe("checksums", () => {
  it("validates Luhn, IBAN and tax code check characters", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(ibanChecksumValid("GB82WEST12345698765432")).toBe(true);
    expect(ibanChecksumValid("GB83WEST12345698765432")).toBe(false);
    expect(taxCodeCheckValid("RSSMRA85T10A562S")).toBe(true);
    expect(taxCodeCheckValid("RSSMRA85T10A562T")).toBe(false);
  });
});
