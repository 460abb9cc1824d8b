// Personal data in ticket text is replaced by placeholders before anything is stored.
// Pure functions: no database, no I/O. The order of the passes matters: e-mail addresses
// first (they contain digits), then IBANs and card numbers (long digit runs that the phone
// pass would otherwise half-match), then tax codes, then phone numbers.

const PII_PLACEHOLDERS = {
  email: "[email]",
  iban: "[iban]",
  card: "[card]",
  taxCode: "[tax_code]",
  phone: "[phone]",
} as const;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

// Two letters, two check digits, then 11–30 letters or digits, optionally in groups of four.
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}(?![A-Za-z0-9])/gi;
// The Italian layout: IT, 2 check digits, CIN letter, ABI (5), CAB (5), account (12).
const ITALIAN_IBAN = /^IT\d{2}[A-Z]\d{10}[A-Z0-9]{12}$/;

// 13–19 digits, optionally separated by single spaces or dashes.
const CARD = /(?<!\d[ -]?)\d(?:[ -]?\d){12,18}(?![ -]?\d)/g;

// Codice fiscale; the digit positions may hold the omocodia letters L M N P Q R S T U V.
const TAX_CODE =
  /(?<![A-Za-z0-9])[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![A-Za-z0-9])/gi;

const SEP = "[ .-]?";
const IT_PREFIX = `(?:(?:\\+|00)39${SEP})?`;
const PHONE = new RegExp(
  [
    // Italian mobiles: 3xx xxx xxxx (9 or 10 digits).
    `${IT_PREFIX}\\(?3\\d{2}\\)?${SEP}\\d{3}${SEP}\\d{3,4}`,
    // Italian landlines: 0 + area code + number, 6–11 digits in all.
    `${IT_PREFIX}\\(?0\\d{1,3}\\)?${SEP}\\d{2,8}(?:${SEP}\\d{2,4}){0,2}`,
    // Anything else written with an international prefix (E.164-like).
    `(?:\\+|00)[1-9]\\d{0,2}${SEP}\\(?\\d{1,4}\\)?(?:${SEP}\\d{2,4}){1,5}`,
  ]
    .map((part) => `(?:${part})(?!\\d)`)
    .join("|"),
  "g",
);
const PHONE_BOUNDARY_BEFORE = /[\d\w+]$/;
const DATE_LIKE = /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$|^\d{4}[./-]\d{1,2}[./-]\d{1,2}$/;

function digitsOf(text: string): string {
  return text.replace(/\D/g, "");
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export function ibanChecksumValid(iban: string): boolean {
  const compact = iban.replace(/\s/g, "").toUpperCase();
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

// The check letter of a codice fiscale: odd and even positions weigh characters differently.
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

export function taxCodeCheckValid(code: string): boolean {
  const upper = code.toUpperCase();
  let sum = 0;
  for (let i = 0; i < 15; i += 1) {
    const char = upper[i]!;
    const index = /\d/.test(char) ? Number(char) : char.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? ODD_VALUES[index]! : index;
  }
  return String.fromCharCode(65 + (sum % 26)) === upper[15];
}

function isIban(compact: string): boolean {
  const upper = compact.toUpperCase();
  if (upper.length < 15 || upper.length > 34 || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(upper)) return false;
  return ITALIAN_IBAN.test(upper) || ibanChecksumValid(upper);
}

function scrubPhones(text: string): string {
  return text.replace(PHONE, (match, offset: number, whole: string) => {
    const before = whole.slice(Math.max(0, offset - 2), offset);
    // Part of a longer number or word (an order number, a code): leave it.
    if (PHONE_BOUNDARY_BEFORE.test(before.slice(-1)) || /\d[ .-]$/.test(before)) return match;
    const after = whole.slice(offset + match.length, offset + match.length + 2);
    if (/^[\w]|^[ .,-]\d/.test(after)) return match;
    const trimmed = match.trim();
    if (DATE_LIKE.test(trimmed)) return match;
    const digits = digitsOf(trimmed);
    const international = /^(?:\+|00)/.test(trimmed);
    if (digits.length < (international ? 8 : 6) || digits.length > 15) return match;
    // A landline without prefix needs a realistic length, so short codes like "0123" stay.
    if (!international && trimmed.replace(/^\(/, "").startsWith("0") && digits.length < 8) return match;
    return PII_PLACEHOLDERS.phone;
  });
}

/** Replaces e-mail addresses, IBANs, card numbers, Italian tax codes and phone numbers with placeholders. */
export function scrubPii(text: string): string {
  if (!text) return text;
  let out = text.replace(EMAIL, PII_PLACEHOLDERS.email);
  out = out.replace(IBAN, (match) => {
    // The pattern may run on into the next words: keep the longest valid prefix.
    const tokens = match.split(" ");
    for (let count = tokens.length; count > 0; count -= 1) {
      if (isIban(tokens.slice(0, count).join(""))) {
        const rest = tokens.slice(count).join(" ");
        return rest ? `${PII_PLACEHOLDERS.iban} ${rest}` : PII_PLACEHOLDERS.iban;
      }
    }
    return match;
  });
  out = out.replace(CARD, (match) => (luhnValid(digitsOf(match)) ? PII_PLACEHOLDERS.card : match));
  out = out.replace(TAX_CODE, (match) =>
    /\d/.test(match) || taxCodeCheckValid(match) ? PII_PLACEHOLDERS.taxCode : match,
  );
  return scrubPhones(out);
}
