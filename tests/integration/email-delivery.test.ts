import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addComment } from "#app/services/comments.server";
import { deliverPendingEmails, DIGEST_INTERVAL_MS, EMAIL_MAX_AGE_MS } from "#app/services/email/deliver.server";
import { createMailer } from "#app/services/email/mailer.server";
import { notify } from "#app/services/notifications.server";
import { changeStatus, notifyOverdueOwners } from "#app/services/status.server";
import { getUser, setUserActive } from "#app/services/users.server";
import { setFollow } from "#app/services/votes.server";
import { createLogger } from "#app/utils/logger.server";
import { getDb } from "#db/client.server";
import { notifications } from "#db/schema/index";
import { setEmailPreferences } from "#tests/factories/email";
import { createUser } from "#tests/factories/index";
import { type ReceivedMail, startTestSmtpServer, type TestSmtpServer, visibleText } from "#tests/support/smtp";
import { postItem } from "#tests/factories/items";

const BASE_URL = "https://floorboard.example.it";
const quiet = createLogger({ json: false, level: "error", write: () => {} });

let smtp: TestSmtpServer;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});

afterAll(async () => {
  await smtp.close();
});

beforeEach(() => {
  smtp.messages.length = 0;
  smtp.refused.clear();
});

function deliver(now = new Date(), extra: Parameters<typeof deliverPendingEmails>[2] = {}) {
  return deliverPendingEmails(getDb(), now, {
    smtpUrl: smtp.url,
    baseUrl: BASE_URL,
    from: "Floorboard <fb@example.it>",
    log: quiet,
    ...extra,
  });
}

function messagesTo(email: string) {
  return smtp.messages.filter((mail) => mail.envelopeTo.includes(email));
}

function headerLine(mail: ReceivedMail, key: string) {
  return mail.headerLines.find((header) => header.key === key)?.line.replace(/\r?\n\s+/g, " ");
}

async function pendingCount() {
  const rows = await getDb().select({ emailedAt: notifications.emailedAt }).from(notifications);
  return rows.filter((row) => row.emailedAt === null).length;
}

describe("deliverPendingEmails, one email per notification", () => {
  it("emails a status change with its note to each follower, in the follower's language, but not to the actor", async () => {
    const manager = await createUser({ name: "Marta Responsabile", role: "manager" });
    const author = await createUser({ name: "Aldo Autore" });
    const english = await createUser({ name: "Emma English" });
    const italian = await createUser({ name: "Ivo Italiano" });
    await setEmailPreferences(english.id, { locale: "en" });
    await setEmailPreferences(italian.id, { locale: "it" });
    await setEmailPreferences(manager.id, { locale: "en" });
    const item = await postItem(author.id, { title: "Il CRM si blocca durante le chiamate" });
    await setFollow(getDb(), english.id, item.id, true);
    await setFollow(getDb(), italian.id, item.id, true);
    await setFollow(getDb(), manager.id, item.id, true);

    const changed = await changeStatus(getDb(), manager, item.id, {
      status: "under_review",
      note: "Ne parliamo giovedì con l'IT.\nSeconda riga <b>",
      ownerId: null,
      targetDate: null,
    });
    expect(changed.ok).toBe(true);

    const result = await deliver();
    expect(result).toEqual({ sent: 3, digests: 0, failed: 0 });
    expect(messagesTo(manager.email)).toHaveLength(0);
    expect(smtp.messages.map((mail) => mail.envelopeTo[0]).sort()).toEqual(
      [author.email, english.email, italian.email].sort(),
    );

    const [en] = messagesTo(english.email);
    expect(en!.subject).toBe(
      `Marta Responsabile moved #${item.number} “Il CRM si blocca durante le chiamate” to Under review`,
    );
    expect(en!.text).toContain("Note: “Ne parliamo giovedì con l'IT.");
    expect(en!.text).toContain(`Open #${item.number}: ${BASE_URL}/items/${item.number}`);
    expect(en!.html).toContain(`href="${BASE_URL}/items/${item.number}"`);
    expect(en!.html).toContain("Ne parliamo giovedì con l&#39;IT.<br>Seconda riga &lt;b&gt;");
    expect(en!.from?.value).toEqual([{ name: "Floorboard", address: "fb@example.it" }]);

    // The author never chose a language: Italian.
    for (const email of [italian.email, author.email]) {
      const [it_] = messagesTo(email);
      expect(it_!.subject).toBe(
        `Marta Responsabile ha spostato il #${item.number} «Il CRM si blocca durante le chiamate» nello stato In valutazione`,
      );
      expect(it_!.text).toContain("Nota: “Ne parliamo giovedì con l'IT.");
      expect(it_!.text).toContain(`Apri il #${item.number}: ${BASE_URL}/items/${item.number}`);
    }

    expect(await pendingCount()).toBe(0);
    expect(await deliver()).toEqual({ sent: 0, digests: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(3);
  });

  it("puts a working unsubscribe link in every email, the same one each time", async () => {
    const manager = await createUser({ role: "manager" });
    const follower = await createUser();
    const item = await postItem(follower.id);
    await changeStatus(getDb(), manager, item.id, {
      status: "under_review",
      note: null,
      ownerId: null,
      targetDate: null,
    });
    await deliver();
    await addComment(getDb(), manager, { itemId: item.id, body: "Ci stiamo lavorando." });
    await deliver();

    const mails = messagesTo(follower.email);
    expect(mails).toHaveLength(2);
    const token = (await getUser(getDb(), follower.id))?.unsubscribeToken;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const url = `${BASE_URL}/unsubscribe/${token}`;
    for (const mail of mails) {
      expect(mail.text).toContain(url);
      expect(mail.html).toContain(`href="${url}"`);
      expect(headerLine(mail, "list-unsubscribe")).toBe(`List-Unsubscribe: <${url}>`);
      expect(headerLine(mail, "list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
      expect(headerLine(mail, "auto-submitted")).toBe("Auto-Submitted: auto-generated");
    }
    expect(mails[1]!.text).toContain("Commento: “Ci stiamo lavorando.”");
  });

  it("escapes HTML from an item title and a comment", async () => {
    const manager = await createUser({ role: "manager" });
    const follower = await createUser();
    const item = await postItem(follower.id, { title: `<script>alert("x")</script> & co.` });
    await addComment(getDb(), manager, { itemId: item.id, body: `<img src=x onerror="alert(1)">` });
    await deliver();

    const [mail] = messagesTo(follower.email);
    expect(mail!.subject).toContain(`<script>alert("x")</script> & co.`);
    expect(mail!.text).toContain(`<script>alert("x")</script>`);
    const html = mail!.html as string;
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co.");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("sends nothing to people who turned email off or were deactivated, and keeps their notifications unsent", async () => {
    const admin = await createUser({ role: "admin" });
    const manager = await createUser({ role: "manager" });
    const off = await createUser();
    const gone = await createUser();
    const on = await createUser();
    await setEmailPreferences(off.id, { emailMode: "off" });
    const item = await postItem(on.id);
    await setFollow(getDb(), off.id, item.id, true);
    await setFollow(getDb(), gone.id, item.id, true);
    await changeStatus(getDb(), manager, item.id, {
      status: "under_review",
      note: "Visto",
      ownerId: null,
      targetDate: null,
    });
    expect((await setUserActive(getDb(), admin, { userId: gone.id, active: false })).ok).toBe(true);

    expect(await deliver()).toEqual({ sent: 1, digests: 0, failed: 0 });
    expect(smtp.messages.map((mail) => mail.envelopeTo[0])).toEqual([on.email]);
    const offRows = await getDb().select().from(notifications).where(eq(notifications.userId, off.id));
    expect(offRows).toHaveLength(1);
    expect(offRows[0]!.emailedAt).toBeNull();
    expect(await getUser(getDb(), off.id)).toMatchObject({ emailMode: "off", unsubscribeToken: null });
  });

  it("does not email notifications older than the cut-off", async () => {
    const person = await createUser();
    const item = await postItem(person.id);
    const now = new Date();
    await notify(
      getDb(),
      [person.id],
      { type: "overdue", itemId: item.id, data: { targetDate: "2026-01-10" } },
      { now: new Date(now.getTime() - EMAIL_MAX_AGE_MS - 60_000) },
    );
    expect(await deliver(now)).toEqual({ sent: 0, digests: 0, failed: 0 });
  });

  it("asks the owner of an overdue promise for an update by email", async () => {
    const manager = await createUser({ role: "manager" });
    const owner = await createUser({ name: "Olga Owner" });
    await setEmailPreferences(owner.id, { locale: "en" });
    const author = await createUser();
    const item = await postItem(author.id, { title: "Script di benvenuto troppo lungo" });
    await changeStatus(
      getDb(),
      manager,
      item.id,
      { status: "planned", note: null, ownerId: owner.id, targetDate: "2026-01-10" },
      new Date("2026-01-02T09:00:00Z"),
    );
    const now = new Date("2026-01-12T09:00:00Z");
    expect(await notifyOverdueOwners(getDb(), now)).toBe(1);
    await deliver(now);

    const mail = messagesTo(owner.email).find((m) => m.subject?.includes("past its target date"));
    expect(mail?.subject).toBe(
      `#${item.number} “Script di benvenuto troppo lungo” is past its target date: please give an honest update`,
    );
    expect(mail?.text).toContain("Target date: 10 Jan 2026");
  });

  it("keeps a notification unsent when the mail server refuses it, and sends it on the next run", async () => {
    const manager = await createUser({ role: "manager" });
    const follower = await createUser();
    const item = await postItem(follower.id);
    await changeStatus(getDb(), manager, item.id, {
      status: "under_review",
      note: null,
      ownerId: null,
      targetDate: null,
    });

    const broken = { sendMail: () => Promise.reject(new Error("451 try again later")), close: () => {} };
    expect(await deliver(new Date(), { mailer: broken })).toEqual({ sent: 0, digests: 0, failed: 1 });
    expect(await pendingCount()).toBe(1);
    // Nobody listens on port 1: the connection is refused.
    expect(await deliver(new Date(), { smtpUrl: "smtp://127.0.0.1:1" })).toEqual({ sent: 0, digests: 0, failed: 1 });
    expect(await pendingCount()).toBe(1);

    expect(await deliver()).toEqual({ sent: 1, digests: 0, failed: 0 });
    expect(await pendingCount()).toBe(0);
  });

  it("does not retry an address the mail server refuses for good, and still sends the others", async () => {
    const manager = await createUser({ role: "manager" });
    const gone = await createUser();
    const digestGone = await createUser();
    const fine = await createUser();
    await setEmailPreferences(digestGone.id, { emailMode: "digest" });
    const item = await postItem(fine.id);
    for (const person of [gone, digestGone]) await setFollow(getDb(), person.id, item.id, true);
    smtp.refused.add(gone.email);
    smtp.refused.add(digestGone.email);
    await changeStatus(getDb(), manager, item.id, {
      status: "under_review",
      note: null,
      ownerId: null,
      targetDate: null,
    });

    expect(await deliver()).toEqual({ sent: 1, digests: 0, failed: 2 });
    expect(smtp.messages.map((mail) => mail.envelopeTo[0])).toEqual([fine.email]);
    expect(await pendingCount()).toBe(0);
    expect(await deliver()).toEqual({ sent: 0, digests: 0, failed: 0 });
  });

  it("sends each notification once when two deliveries run at the same time", async () => {
    const manager = await createUser({ role: "manager" });
    const followers = await Promise.all(Array.from({ length: 6 }, () => createUser()));
    const digestReader = await createUser();
    await setEmailPreferences(digestReader.id, { emailMode: "digest" });
    for (let i = 0; i < 4; i += 1) {
      const item = await postItem(followers[0]!.id, { title: `Problema numero ${i + 1} del turno` });
      for (const follower of [...followers.slice(1), digestReader])
        await setFollow(getDb(), follower.id, item.id, true);
      await changeStatus(getDb(), manager, item.id, {
        status: "under_review",
        note: `nota ${i}`,
        ownerId: null,
        targetDate: null,
      });
    }
    const expected = 4 * followers.length;

    const mailer = createMailer(smtp.url);
    const now = new Date();
    try {
      const results = await Promise.all([
        deliverPendingEmails(getDb(), now, { mailer, baseUrl: BASE_URL, log: quiet, batchSize: 5 }),
        deliverPendingEmails(getDb(), now, { smtpUrl: smtp.url, baseUrl: BASE_URL, log: quiet, batchSize: 5 }),
        deliverPendingEmails(getDb(), now, { mailer, baseUrl: BASE_URL, log: quiet, batchSize: 5 }),
      ]);
      expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(expected);
      expect(results.reduce((sum, r) => sum + r.digests, 0)).toBe(1);
      expect(results.reduce((sum, r) => sum + r.failed, 0)).toBe(0);
    } finally {
      mailer.close();
    }
    const keys = smtp.messages
      .filter((mail) => mail.envelopeTo[0] !== digestReader.email)
      .map((mail) => `${mail.envelopeTo[0]} ${mail.subject}`);
    expect(keys).toHaveLength(expected);
    expect(new Set(keys).size).toBe(expected);
    expect(messagesTo(digestReader.email)).toHaveLength(1);
    expect(await pendingCount()).toBe(0);
  });
});

describe("deliverPendingEmails, daily digest", () => {
  it("sends one message with every notification, then at most one a day", async () => {
    const manager = await createUser({ name: "Marta Responsabile", role: "manager" });
    const reader = await createUser();
    await setEmailPreferences(reader.id, { emailMode: "digest", locale: "en" });
    const first = await postItem(reader.id, { title: "Attese troppo lunghe in coda" });
    const second = await postItem(manager.id, { title: "Manca il modulo per i rimborsi" });
    await setFollow(getDb(), reader.id, second.id, true);
    const start = new Date();
    await changeStatus(
      getDb(),
      manager,
      first.id,
      { status: "under_review", note: "Lo guardiamo", ownerId: null, targetDate: null },
      start,
    );
    await addComment(getDb(), manager, { itemId: second.id, body: "Serve anche per i resi" }, start);
    await addComment(getDb(), manager, { itemId: first.id, body: "Ciao @nessuno" }, start);

    expect(await deliver(start)).toEqual({ sent: 0, digests: 1, failed: 0 });
    const [digest] = messagesTo(reader.email);
    expect(digest!.subject).toBe("Floorboard: 3 new notifications");
    expect(digest!.text).toContain(
      `Marta Responsabile moved #${first.number} “Attese troppo lunghe in coda” to Under review`,
    );
    expect(digest!.text).toContain("Note: “Lo guardiamo”");
    expect(digest!.text).toContain(
      `Marta Responsabile commented on #${second.number} “Manca il modulo per i rimborsi”`,
    );
    expect(digest!.text).toContain(`Marta Responsabile commented on #${first.number} “Attese troppo lunghe in coda”`);
    expect(digest!.html).toContain(`href="${BASE_URL}/items/${second.number}"`);
    expect(await pendingCount()).toBe(0);

    // A new notification an hour later waits for the next day.
    const later = new Date(start.getTime() + 60 * 60 * 1000);
    await addComment(getDb(), manager, { itemId: first.id, body: "Aggiornamento" }, later);
    expect(await deliver(later)).toEqual({ sent: 0, digests: 0, failed: 0 });
    expect(await deliver(new Date(start.getTime() + DIGEST_INTERVAL_MS - 60_000))).toEqual({
      sent: 0,
      digests: 0,
      failed: 0,
    });
    expect(smtp.messages).toHaveLength(1);

    const nextDay = new Date(start.getTime() + DIGEST_INTERVAL_MS);
    expect(await deliver(nextDay)).toEqual({ sent: 0, digests: 1, failed: 0 });
    const [, second_] = messagesTo(reader.email);
    expect(second_!.subject).toBe("Floorboard: 1 new notification");
    expect(second_!.text).toContain("Aggiornamento");
    expect(second_!.text).not.toContain("Lo guardiamo");

    // Nothing new: no empty digest.
    expect(await deliver(new Date(nextDay.getTime() + 2 * DIGEST_INTERVAL_MS))).toEqual({
      sent: 0,
      digests: 0,
      failed: 0,
    });
    expect(await getUser(getDb(), reader.id)).toMatchObject({ lastDigestAt: nextDay });
  });

  it("retries a failed digest on the next run", async () => {
    const reader = await createUser();
    await setEmailPreferences(reader.id, { emailMode: "digest" });
    const item = await postItem(reader.id);
    const now = new Date();
    await notify(getDb(), [reader.id], { type: "outcome_request", itemId: item.id }, { now });
    const broken = { sendMail: () => Promise.reject(new Error("connection reset")), close: () => {} };
    expect(await deliver(now, { mailer: broken })).toEqual({ sent: 0, digests: 0, failed: 1 });
    expect(await getUser(getDb(), reader.id)).toMatchObject({ lastDigestAt: null });
    expect(await pendingCount()).toBe(1);

    expect(await deliver(new Date(now.getTime() + 60_000))).toEqual({ sent: 0, digests: 1, failed: 0 });
    expect(messagesTo(reader.email)[0]!.subject).toBe("Floorboard: 1 nuova notifica");
  });
});

describe("anonymity in emails", () => {
  it("never names the anonymous author of an item, in any email", async () => {
    const manager = await createUser({ name: "Marta Responsabile", role: "manager" });
    const author = await createUser({ name: "Zaira Segretissima" });
    const follower = await createUser({ name: "Fabio Follower" });
    const digestReader = await createUser({ name: "Dora Digest" });
    await setEmailPreferences(digestReader.id, { emailMode: "digest", locale: "en" });
    const item = await postItem(author.id, { title: "Troppi passaggi per il cambio indirizzo", anonymous: true });
    for (const person of [follower, digestReader, manager]) await setFollow(getDb(), person.id, item.id, true);

    const start = new Date("2026-02-02T09:00:00Z");
    await addComment(getDb(), follower, { itemId: item.id, body: "Confermo, anche per me" }, start);
    await changeStatus(
      getDb(),
      manager,
      item.id,
      { status: "planned", note: "In roadmap", ownerId: manager.id, targetDate: "2026-02-20" },
      start,
    );
    await changeStatus(
      getDb(),
      manager,
      item.id,
      { status: "done", note: "Rilasciato", ownerId: null, targetDate: null },
      start,
    );
    await addComment(getDb(), manager, { itemId: item.id, body: "Grazie @fabio.follower" }, start);
    // An overdue reminder on another item the anonymous author wrote.
    const overdue = await postItem(author.id, { title: "Ticket duplicati dal portale", anonymous: true });
    await changeStatus(
      getDb(),
      manager,
      overdue.id,
      { status: "planned", note: null, ownerId: manager.id, targetDate: "2026-02-01" },
      start,
    );
    await notifyOverdueOwners(getDb(), start);

    const result = await deliver(start);
    expect(result.failed).toBe(0);
    expect(result.sent).toBeGreaterThanOrEqual(4);
    expect(result.digests).toBe(1);
    const received = smtp.messages.map((mail) => mail.envelopeTo[0]);
    expect(received).toEqual(expect.arrayContaining([author.email, follower.email, digestReader.email, manager.email]));
    for (const mail of smtp.messages) {
      const text = visibleText(mail);
      expect(text).not.toContain("Zaira");
      expect(text).not.toContain("Segretissima");
    }
    // The author is still told, without being named.
    const outcome = messagesTo(author.email).find((mail) => mail.subject?.includes("Ha risolto il problema?"));
    expect(outcome?.subject).toBe(
      `Il #${item.number} «Troppi passaggi per il cambio indirizzo» è stato fatto. Ha risolto il problema?`,
    );
  });
});
