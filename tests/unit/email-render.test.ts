import { describe, expect, it } from "vitest";
import { appBaseUrl } from "#app/services/email/mailer.server";
import {
  DIGEST_LIST_MAX,
  emailLocale,
  escapeHtml,
  renderDigestEmail,
  renderNotificationEmail,
  type EmailNotification,
} from "#app/services/email/render.server";

const links = {
  baseUrl: "https://floorboard.example.it",
  unsubscribeUrl: "https://floorboard.example.it/unsubscribe/tok_en",
};

function notification(overrides: Partial<EmailNotification> = {}): EmailNotification {
  return {
    id: 1,
    type: "status",
    data: { from: "new", to: "planned", note: "Lo facciamo a marzo.\nServe l'IT." },
    actorName: "Marta Rossi",
    itemNumber: 42,
    itemTitle: "Il CRM si blocca",
    commentBody: null,
    ...overrides,
  };
}

describe("renderNotificationEmail", () => {
  it("writes a status change with its note in Italian", async () => {
    const email = await renderNotificationEmail(notification(), "it", links);
    expect(email.subject).toBe("Marta Rossi ha spostato il #42 «Il CRM si blocca» nello stato Pianificato");
    expect(email.text).toContain("Nota: “Lo facciamo a marzo.\nServe l'IT.”");
    expect(email.text).toContain("Apri il #42: https://floorboard.example.it/items/42");
    expect(email.text).toContain("Ricevi un'email per ogni notifica di Floorboard.");
    expect(email.text).toContain("Cambia le impostazioni email: https://floorboard.example.it/account");
    expect(email.text).toContain("Non ricevere più email: https://floorboard.example.it/unsubscribe/tok_en");
    expect(email.html).toContain('<html lang="it">');
    expect(email.html).toContain("Lo facciamo a marzo.<br>Serve l&#39;IT.");
    expect(email.html).toContain('href="https://floorboard.example.it/items/42"');
    expect(email.html).toContain('href="https://floorboard.example.it/unsubscribe/tok_en"');
  });

  it("writes the same status change in English", async () => {
    const email = await renderNotificationEmail(notification(), "en", links);
    expect(email.subject).toBe("Marta Rossi moved #42 “Il CRM si blocca” to Planned");
    expect(email.text).toContain("Note: “Lo facciamo a marzo.");
    expect(email.text).toContain("Open #42: https://floorboard.example.it/items/42");
    expect(email.text).toContain("Stop all emails: https://floorboard.example.it/unsubscribe/tok_en");
    expect(email.html).toContain('<html lang="en">');
  });

  it("names nobody when the actor is hidden", async () => {
    expect((await renderNotificationEmail(notification({ actorName: null }), "it", links)).subject).toMatch(
      /^Qualcuno ha spostato/,
    );
    expect((await renderNotificationEmail(notification({ actorName: null }), "en", links)).subject).toMatch(
      /^Someone moved/,
    );
  });

  it("leaves the note out when there is none", async () => {
    const email = await renderNotificationEmail(
      notification({ data: { from: "new", to: "under_review", note: null } }),
      "en",
      links,
    );
    expect(email.text).not.toContain("Note:");
    expect(email.html).not.toContain("Note:");
  });

  it.each([
    ["comment", "it", "Marta Rossi ha commentato il #42 «Il CRM si blocca»", "Commento: “Anche a me”"],
    ["reply", "en", "Marta Rossi replied to you on #42 “Il CRM si blocca”", "Comment: “Anche a me”"],
    ["mention", "en", "Marta Rossi mentioned you on #42 “Il CRM si blocca”", "Comment: “Anche a me”"],
  ] as const)("writes a %s in %s with the comment", async (type, locale, subject, quote) => {
    const email = await renderNotificationEmail(
      notification({ type, data: {}, commentBody: "Anche a me" }),
      locale,
      links,
    );
    expect(email.subject).toBe(subject);
    expect(email.text).toContain(quote);
  });

  it("shortens a long comment and drops one that is gone", async () => {
    const long = await renderNotificationEmail(
      notification({ type: "comment", data: {}, commentBody: "parola ".repeat(200) }),
      "it",
      links,
    );
    expect(long.text).toMatch(/Commento: “(parola ){85}parol…”/);
    expect(long.text.length).toBeLessThan(1200);
    const gone = await renderNotificationEmail(
      notification({ type: "comment", data: {}, commentBody: null }),
      "it",
      links,
    );
    expect(gone.text).not.toContain("Commento:");
  });

  it("writes an overdue reminder with the date in the reader's format", async () => {
    const overdue = notification({ type: "overdue", actorName: null, data: { targetDate: "2026-03-05" } });
    const it_ = await renderNotificationEmail(overdue, "it", links);
    expect(it_.subject).toBe("Il #42 «Il CRM si blocca» ha superato la data prevista: dai un aggiornamento sincero");
    expect(it_.text).toContain("Data prevista: 5 mar 2026");
    const en = await renderNotificationEmail(overdue, "en", links);
    expect(en.text).toContain("Target date: 5 Mar 2026");
  });

  it("asks the author about the outcome in both languages", async () => {
    const request = notification({ type: "outcome_request", data: {} });
    expect((await renderNotificationEmail(request, "it", links)).subject).toBe(
      "Il #42 «Il CRM si blocca» è stato fatto. Ha risolto il problema?",
    );
    expect((await renderNotificationEmail(request, "en", links)).subject).toBe(
      "#42 “Il CRM si blocca” is done. Did it solve the problem?",
    );
  });

  it("escapes HTML in every value and keeps the subject on one line", async () => {
    const email = await renderNotificationEmail(
      notification({
        itemTitle: "<script>alert(1)</script>\r\nBcc: x@y.z",
        actorName: `<b onmouseover="x">`,
        data: { to: "planned", note: "<i>&</i>" },
      }),
      "en",
      links,
    );
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).not.toMatch(/<script|<b |<i>/);
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email.html).toContain("&lt;b onmouseover=&quot;x&quot;&gt;");
    expect(email.html).toContain("&lt;i&gt;&amp;&lt;/i&gt;");
  });
});

describe("renderDigestEmail", () => {
  const list = [
    notification({ id: 1 }),
    notification({ id: 2, type: "comment", data: {}, commentBody: "Confermo", itemNumber: 7, itemTitle: "Coda lunga" }),
  ];

  it("lists every notification in Italian", async () => {
    const email = await renderDigestEmail(list, "it", links);
    expect(email.subject).toBe("Floorboard: 2 nuove notifiche");
    expect(email.text).toContain("Ecco 2 notifiche dall'ultimo riepilogo.");
    expect(email.text).toContain("Marta Rossi ha spostato il #42");
    expect(email.text).toContain("Marta Rossi ha commentato il #7 «Coda lunga»");
    expect(email.text).toContain("Apri il #7: https://floorboard.example.it/items/7");
    expect(email.text).toContain("Ricevi un'email al giorno con le notifiche di Floorboard.");
    expect(email.html).toContain('href="https://floorboard.example.it/notifications"');
  });

  it("lists every notification in English, with singular and plural", async () => {
    expect((await renderDigestEmail(list, "en", links)).subject).toBe("Floorboard: 2 new notifications");
    const one = await renderDigestEmail(list.slice(0, 1), "en", links);
    expect(one.subject).toBe("Floorboard: 1 new notification");
    expect(one.text).toContain("Here is 1 notification since your last digest.");
    expect(one.text).toContain("You get one email a day with your Floorboard notifications.");
  });

  it("counts what it does not list", async () => {
    const many = Array.from({ length: DIGEST_LIST_MAX + 3 }, (_, i) => notification({ id: i + 1, itemNumber: i + 1 }));
    const it_ = await renderDigestEmail(many, "it", links);
    expect(it_.subject).toBe(`Floorboard: ${DIGEST_LIST_MAX + 3} nuove notifiche`);
    expect(it_.text).toContain("…e altre 3.");
    expect(it_.text).not.toContain(`#${DIGEST_LIST_MAX + 1} `);
    const en = await renderDigestEmail(many.slice(0, DIGEST_LIST_MAX + 1), "en", links);
    expect(en.text).toContain("…and 1 more.");
  });
});

describe("email helpers", () => {
  it("uses the recipient's language, Italian when unset", () => {
    expect(emailLocale("en")).toBe("en");
    expect(emailLocale("it")).toBe("it");
    expect(emailLocale(null)).toBe("it");
    expect(emailLocale("de")).toBe("it");
  });

  it("escapes the five HTML characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("links to PUBLIC_URL, else to this machine's port", () => {
    expect(appBaseUrl({ PUBLIC_URL: "https://floorboard.example.it/", PORT: 3000 })).toBe(
      "https://floorboard.example.it",
    );
    expect(appBaseUrl({ PUBLIC_URL: undefined, PORT: 8080 })).toBe("http://localhost:8080");
  });
});
