import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverManagerDigests, isManagerDigestTime } from "#app/services/email/manager-digest.server";
import { setVote } from "#app/services/votes.server";
import { createLogger } from "#app/utils/logger.server";
import { getDb } from "#db/client.server";
import { items, users, votes } from "#db/schema/index";
import { setEmailPreferences } from "#tests/factories/email";
import { createUser } from "#tests/factories/index";
import { postItem } from "#tests/factories/items";
import { startTestSmtpServer, type TestSmtpServer } from "#tests/support/smtp";

const BASE_URL = "https://floorboard.example.it";
const DAY = 24 * 60 * 60 * 1000;
const quiet = createLogger({ json: false, level: "error", write: () => {} });
// Monday 9 November 2026, 09:30 in Rome (08:30 UTC).
const MONDAY = new Date("2026-11-09T08:30:00Z");

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

function run(now = MONDAY, extra: Parameters<typeof deliverManagerDigests>[2] = {}) {
  return deliverManagerDigests(getDb(), now, {
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

/** New, overdue and voted items at known ages around `now`. */
async function seedBoard(now = MONDAY) {
  const author = await createUser({ name: "Aldo Autore" });
  const owner = await createUser({ name: "Olga Owner", role: "manager" });
  await postItem(author.id, { title: "Coda vecchia da smistare" }, new Date(now.getTime() - 5 * DAY));
  await postItem(author.id, { title: "Coda nuova da smistare" }, new Date(now.getTime() - 1 * DAY));
  const late = await postItem(author.id, { title: "Promessa mancata" }, new Date(now.getTime() - 40 * DAY));
  await getDb()
    .update(items)
    .set({ status: "planned", ownerId: owner.id, targetDate: "2026-11-06" })
    .where(eq(items.id, late.id));
  const onTime = await postItem(author.id, { title: "Promessa in tempo" }, new Date(now.getTime() - 40 * DAY));
  await getDb()
    .update(items)
    .set({ status: "in_progress", ownerId: owner.id, targetDate: "2026-12-01" })
    .where(eq(items.id, onTime.id));
  const popular = await postItem(author.id, { title: "Idea che vola" }, new Date(now.getTime() - 30 * DAY));
  await getDb().update(items).set({ status: "under_review" }).where(eq(items.id, popular.id));
  for (let i = 0; i < 3; i += 1) {
    const voter = await createUser();
    await setVote(getDb(), voter.id, popular.id, true);
  }
  // All votes in the last two days, except one older than a week on the late promise.
  await getDb()
    .update(votes)
    .set({ createdAt: new Date(now.getTime() - 2 * DAY) })
    .where(eq(votes.itemId, popular.id));
  const oldVoter = await createUser();
  await setVote(getDb(), oldVoter.id, late.id, true);
  await getDb()
    .update(votes)
    .set({ createdAt: new Date(now.getTime() - 10 * DAY) })
    .where(eq(votes.itemId, late.id));
  return { late, popular, owner };
}

describe("weekly manager digest", () => {
  it("is due on Mondays from 08:00 in Rome only", () => {
    expect(isManagerDigestTime(new Date("2026-11-09T06:59:00Z"))).toBe(false); // 07:59 in Rome
    expect(isManagerDigestTime(new Date("2026-11-09T07:00:00Z"))).toBe(true);
    expect(isManagerDigestTime(new Date("2026-11-10T08:30:00Z"))).toBe(false); // Tuesday
    // Summer time: 08:00 in Rome is 06:00 UTC.
    expect(isManagerDigestTime(new Date("2026-06-15T06:00:00Z"))).toBe(true);
  });

  it("lists items awaiting triage oldest first, overdue promises and the week's top movers, with links", async () => {
    const { late, popular } = await seedBoard();
    const manager = await createUser({ name: "Emma Manager", role: "manager" });
    await setEmailPreferences(manager.id, { locale: "en" });
    await getDb().update(users).set({ lastManagerDigestAt: MONDAY }).where(eq(users.role, "manager"));
    await getDb().update(users).set({ lastManagerDigestAt: null }).where(eq(users.id, manager.id));

    expect(await run()).toEqual({ sent: 1, failed: 0 });
    const [mail] = messagesTo(manager.email);
    expect(mail!.subject).toBe("Floorboard this week: 2 awaiting triage, 1 overdue");
    const text = mail!.text ?? "";
    expect(text).toContain("2 new items awaiting triage");
    const older = text.indexOf("“Coda vecchia da smistare” (5 days old)");
    const newer = text.indexOf("“Coda nuova da smistare” (1 day old)");
    expect(older).toBeGreaterThan(0);
    expect(newer).toBeGreaterThan(older);
    expect(text).toContain(`${BASE_URL}/triage`);
    expect(text).toContain("1 overdue promise");
    expect(text).toContain(`#${late.number} “Promessa mancata”: Olga Owner, due 6 Nov 2026, 3 days late`);
    expect(text).not.toContain("Promessa in tempo");
    expect(text).toContain(`#${popular.number} “Idea che vola”: +3 votes this week`);
    expect(text).toContain(`${BASE_URL}/items/${popular.number}`);
    // The late promise's only vote is older than a week: it is no mover.
    expect(text).not.toContain(`#${late.number} “Promessa mancata”: +`);
    expect(text).not.toContain("Aldo Autore");
    const token = (
      await getDb().select({ token: users.unsubscribeToken }).from(users).where(eq(users.id, manager.id))
    )[0]?.token;
    expect(text).toContain(`${BASE_URL}/unsubscribe/${token}`);
    expect(mail!.html).toContain(`href="${BASE_URL}/items/${late.number}"`);
    expect(mail!.headerLines.find((header) => header.key === "list-unsubscribe")?.line).toContain(
      `${BASE_URL}/unsubscribe/${token}`,
    );
  });

  it("goes to managers and admins in their language, once a week, never to agents, emails off or deactivated people", async () => {
    const { owner } = await seedBoard();
    await getDb().update(users).set({ lastManagerDigestAt: MONDAY }).where(eq(users.role, "manager"));
    const italian = await createUser({ role: "manager" });
    const english = await createUser({ role: "admin" });
    await setEmailPreferences(english.id, { locale: "en", emailMode: "digest" });
    const agent = await createUser({ role: "agent" });
    const off = await createUser({ role: "manager" });
    await setEmailPreferences(off.id, { emailMode: "off" });
    const gone = await createUser({ role: "admin" });
    await getDb().update(users).set({ deactivatedAt: MONDAY }).where(eq(users.id, gone.id));

    expect(await run()).toEqual({ sent: 2, failed: 0 });
    expect(smtp.messages.map((mail) => mail.envelopeTo[0]).sort()).toEqual([italian.email, english.email].sort());
    expect(messagesTo(italian.email)[0]!.subject).toBe("Floorboard questa settimana: 2 da smistare, 1 in ritardo");
    expect(messagesTo(english.email)[0]!.subject).toBe("Floorboard this week: 2 awaiting triage, 1 overdue");
    expect(messagesTo(agent.email)).toHaveLength(0);

    // Later that Monday, and on Tuesday: nothing more. The next Monday: again.
    expect(await run(new Date(MONDAY.getTime() + 2 * 60 * 60 * 1000))).toEqual({ sent: 0, failed: 0 });
    expect(await run(new Date(MONDAY.getTime() + DAY), { ignoreSchedule: true })).toEqual({ sent: 0, failed: 0 });
    // The owner's last digest was marked this Monday too: everyone due gets the next one.
    smtp.messages.length = 0;
    expect(await run(new Date(MONDAY.getTime() + 7 * DAY - 60 * 60 * 1000))).toEqual({ sent: 3, failed: 0 });
    expect(smtp.messages.map((mail) => mail.envelopeTo[0]).sort()).toEqual(
      [italian.email, english.email, owner.email].sort(),
    );
  });

  it("waits for Monday morning, and sends nothing about an empty board", async () => {
    await createUser({ role: "manager" });
    const sunday = new Date(MONDAY.getTime() - DAY);
    expect(await run(sunday)).toEqual({ sent: 0, failed: 0 });
    expect(await run()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(0);
  });

  it("sends once when two processes run at the same time", async () => {
    await seedBoard();
    await getDb().update(users).set({ lastManagerDigestAt: MONDAY }).where(eq(users.role, "manager"));
    const managers = await Promise.all([
      createUser({ role: "manager" }),
      createUser({ role: "manager" }),
      createUser({ role: "admin" }),
    ]);
    const results = await Promise.all([run(MONDAY, { batchSize: 1 }), run(MONDAY, { batchSize: 1 }), run(MONDAY)]);
    expect(results.reduce((sum, result) => sum + result.sent, 0)).toBe(3);
    for (const manager of managers) expect(messagesTo(manager.email)).toHaveLength(1);
    expect(smtp.messages).toHaveLength(3);
  });

  it("tries again on the next run when the mail server refuses", async () => {
    await seedBoard();
    await getDb().update(users).set({ lastManagerDigestAt: MONDAY }).where(eq(users.role, "manager"));
    const manager = await createUser({ role: "manager" });
    smtp.refused.add(manager.email);
    expect(await run()).toEqual({ sent: 0, failed: 1 });
    smtp.refused.clear();
    expect(await run(new Date(MONDAY.getTime() + 60_000))).toEqual({ sent: 1, failed: 0 });
    expect(messagesTo(manager.email)).toHaveLength(1);
  });
});
