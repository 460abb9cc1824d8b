import { and, asc, desc, eq, gt, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database, Queryable } from "#db/client.server";
import { items, users, votes } from "#db/schema/index";
import type { Locale } from "#app/i18n/config";
import { formatDate, getDisplayTimeZone } from "#app/i18n/format";
import { today } from "#app/services/items.server";
import { getEnv } from "#app/utils/env.server";
import { getLogger } from "#app/utils/logger.server";
import type { DeliverOptions } from "./deliver.server";
import { appBaseUrl, createMailer, getMailer } from "./mailer.server";
import {
  emailLocale,
  escapeHtml,
  footerText,
  layout,
  translator,
  type EmailLinks,
  type RenderedEmail,
} from "./render.server";
import { ensureUnsubscribeTokens, unsubscribeUrl } from "./unsubscribe.server";
import { DAY_MS } from "#app/utils/time";

/**
 * Sent on Mondays from 08:00 in the app's time zone (APP_TIME_ZONE, Rome by default). A person is claimed again only six days after their
 * last digest, so each Monday sends once even when last week's went out a few minutes later.
 */
const MANAGER_DIGEST_HOUR = 8;
const MANAGER_DIGEST_GAP_MS = 6 * DAY_MS;
/** How many items each section lists; the rest are counted. */
const MANAGER_DIGEST_LIST_MAX = 15;
const MOVERS_MAX = 5;

export function isManagerDigestTime(now: Date): boolean {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: getDisplayTimeZone(),
    weekday: "short",
    hour: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const weekday = parts.find((part) => part.type === "weekday")?.value;
  const hour = Number(parts.find((part) => part.type === "hour")?.value);
  return weekday === "Mon" && hour >= MANAGER_DIGEST_HOUR;
}

const owner = alias(users, "owner");

/** What every manager's digest says: the same for all, so it is read once per run. */
async function managerDigestContent(db: Queryable, now = new Date()) {
  const day = today(now);
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  const total = sql<number>`count(*) over ()::int`;
  const [triage, overdue, movers] = await Promise.all([
    db
      .select({ number: items.number, title: items.title, createdAt: items.createdAt, total })
      .from(items)
      .where(eq(items.status, "new"))
      .orderBy(asc(items.createdAt), asc(items.number))
      .limit(MANAGER_DIGEST_LIST_MAX),
    db
      .select({ number: items.number, title: items.title, targetDate: items.targetDate, ownerName: owner.name, total })
      .from(items)
      .leftJoin(owner, eq(owner.id, items.ownerId))
      .where(and(inArray(items.status, ["planned", "in_progress"]), lt(items.targetDate, day)))
      .orderBy(asc(items.targetDate), asc(items.number))
      .limit(MANAGER_DIGEST_LIST_MAX),
    db
      .select({
        number: items.number,
        title: items.title,
        status: items.status,
        recentVotes: sql<number>`count(*)::int`,
      })
      .from(votes)
      .innerJoin(items, eq(items.id, votes.itemId))
      .where(and(gt(votes.createdAt, weekAgo), ne(items.status, "duplicate")))
      .groupBy(items.id, items.number, items.title, items.status)
      .orderBy(desc(sql`count(*)`), desc(items.number))
      .limit(MOVERS_MAX),
  ]);
  const dayStart = Date.parse(`${day}T00:00:00Z`);
  return {
    triage: {
      total: Number(triage[0]?.total ?? 0),
      items: triage.map((row) => ({
        number: row.number,
        title: row.title,
        ageDays: Math.max(0, Math.floor((now.getTime() - row.createdAt.getTime()) / DAY_MS)),
      })),
    },
    overdue: {
      total: Number(overdue[0]?.total ?? 0),
      items: overdue.map((row) => ({
        number: row.number,
        title: row.title,
        ownerName: row.ownerName,
        targetDate: row.targetDate ?? day,
        daysLate: Math.round((dayStart - Date.parse(`${row.targetDate}T00:00:00Z`)) / DAY_MS),
      })),
    },
    movers: movers.map((row) => ({ number: row.number, title: row.title, recentVotes: Number(row.recentVotes) })),
  };
}

export type ManagerDigestContent = Awaited<ReturnType<typeof managerDigestContent>>;

function isEmptyDigest(content: ManagerDigestContent): boolean {
  return content.triage.total === 0 && content.overdue.total === 0 && content.movers.length === 0;
}

type Line = { text: string; href: string };

/** The weekly manager summary, in the recipient's language. */
async function renderManagerDigestEmail(
  content: ManagerDigestContent,
  locale: Locale,
  links: EmailLinks,
): Promise<RenderedEmail> {
  const t = await translator(locale);
  const href = (number: number) => `${links.baseUrl}/items/${number}`;
  const sections: Array<{
    title: string;
    empty: string;
    lines: Line[];
    more: number;
    all?: { label: string; href: string };
  }> = [
    {
      title: t("email:managerDigest.triage.title", { count: content.triage.total }),
      empty: t("email:managerDigest.triage.empty"),
      lines: content.triage.items.map((item) => ({
        text: t("email:managerDigest.triage.line", {
          number: item.number,
          title: item.title,
          age: t("email:managerDigest.days", { count: item.ageDays }),
        }),
        href: href(item.number),
      })),
      more: content.triage.total - content.triage.items.length,
      all: { label: t("email:managerDigest.triage.open"), href: `${links.baseUrl}/triage` },
    },
    {
      title: t("email:managerDigest.overdue.title", { count: content.overdue.total }),
      empty: t("email:managerDigest.overdue.empty"),
      lines: content.overdue.items.map((item) => ({
        text: t("email:managerDigest.overdue.line", {
          number: item.number,
          title: item.title,
          owner: item.ownerName ?? t("email:managerDigest.overdue.noOwner"),
          date: formatDate(locale, item.targetDate),
          late: t("email:managerDigest.daysLate", { count: item.daysLate }),
        }),
        href: href(item.number),
      })),
      more: content.overdue.total - content.overdue.items.length,
    },
    {
      title: t("email:managerDigest.movers.title"),
      empty: t("email:managerDigest.movers.empty"),
      lines: content.movers.map((item) => ({
        text: t("email:managerDigest.movers.line", {
          number: item.number,
          title: item.title,
          votes: t("email:managerDigest.votes", { count: item.recentVotes }),
        }),
        href: href(item.number),
      })),
      more: 0,
    },
  ];
  const subject = t("email:managerDigest.subject", { triage: content.triage.total, overdue: content.overdue.total });
  const intro = t("email:managerDigest.intro");
  const footer = {
    reason: t("email:managerDigest.reason"),
    preferences: { label: t("email:footer.preferences"), href: `${links.baseUrl}/account` },
    unsubscribe: { label: t("email:footer.unsubscribe"), href: links.unsubscribeUrl },
  };
  const moreText = (count: number) => t("email:digest.more", { count });

  const text = [
    intro,
    ...sections.map((section) =>
      [
        section.title,
        ...(section.lines.length === 0
          ? [section.empty]
          : section.lines.map((line) => `- ${line.text}\n  ${line.href}`)),
        ...(section.more > 0 ? [moreText(section.more)] : []),
        ...(section.all && section.lines.length > 0 ? [`${section.all.label}: ${section.all.href}`] : []),
      ].join("\n"),
    ),
  ].join("\n\n");
  const body = [
    `<p style="margin:0 0 16px">${escapeHtml(intro)}</p>`,
    ...sections.map(
      (section) =>
        `<div style="padding:16px 0;border-top:1px solid #e2e8f0"><h2 style="margin:0 0 8px;font-size:16px">${escapeHtml(section.title)}</h2>` +
        (section.lines.length === 0
          ? `<p style="margin:0;color:#334155">${escapeHtml(section.empty)}</p>`
          : `<ul style="margin:0;padding-left:20px">${section.lines
              .map(
                (line) =>
                  `<li style="margin:4px 0"><a href="${escapeHtml(line.href)}" style="color:#163f8c">${escapeHtml(line.text)}</a></li>`,
              )
              .join("")}</ul>`) +
        (section.more > 0 ? `<p style="margin:8px 0 0">${escapeHtml(moreText(section.more))}</p>` : "") +
        (section.all && section.lines.length > 0
          ? `<p style="margin:8px 0 0"><a href="${escapeHtml(section.all.href)}" style="color:#163f8c">${escapeHtml(section.all.label)}</a></p>`
          : "") +
        `</div>`,
    ),
  ].join("");
  return { subject, text: `${text}\n\n${footerText(footer)}\n`, html: layout(locale, subject, body, footer) };
}

export type ManagerDigestOptions = DeliverOptions & {
  /** Send whatever the day and hour (tests, a manual run). */
  ignoreSchedule?: boolean;
};

const MAX_ROUNDS = 20;

/**
 * The weekly summary for managers and admins. Each person is claimed in a short transaction
 * (their row locked with SKIP LOCKED, then last_manager_digest_at set), and the email is sent
 * after it commits, so several server processes never send it twice. A failed send puts
 * the previous time back, for the next run.
 */
export async function deliverManagerDigests(
  db: Database,
  now = new Date(),
  options: ManagerDigestOptions = {},
): Promise<{ sent: number; failed: number }> {
  const result = { sent: 0, failed: 0 };
  if (!options.ignoreSchedule && !isManagerDigestTime(now)) return result;
  const ownMailer = !options.mailer && options.smtpUrl ? createMailer(options.smtpUrl) : undefined;
  const mailer = options.mailer ?? ownMailer ?? getMailer();
  if (!mailer) return result;
  const log = options.log ?? getLogger();
  const baseUrl = (options.baseUrl ?? appBaseUrl()).replace(/\/+$/, "");
  const from = options.from ?? getEnv().MAIL_FROM;
  const batchSize = options.batchSize ?? 100;
  const dueBefore = new Date(now.getTime() - MANAGER_DIGEST_GAP_MS);
  const due = and(
    inArray(users.role, ["manager", "admin"]),
    ne(users.emailMode, "off"),
    isNull(users.deactivatedAt),
    or(isNull(users.lastManagerDigestAt), lt(users.lastManagerDigestAt, dueBefore)),
  );
  try {
    const content = await managerDigestContent(db, now);
    if (isEmptyDigest(content)) return result;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const claimed = await db.transaction(async (tx) => {
        const people = await tx
          .select({ id: users.id, previous: users.lastManagerDigestAt })
          .from(users)
          .where(due)
          .orderBy(asc(users.id))
          .limit(batchSize)
          .for("update", { skipLocked: true });
        if (people.length === 0) return [];
        const ids = people.map((person) => person.id);
        // The condition is checked again on the locked rows: a person claimed meanwhile drops out.
        const updated = await tx
          .update(users)
          .set({ lastManagerDigestAt: now })
          .where(and(inArray(users.id, ids), due))
          .returning({ id: users.id });
        await ensureUnsubscribeTokens(
          tx,
          updated.map((row) => row.id),
        );
        const previous = new Map(people.map((person) => [person.id, person.previous]));
        const recipients = await tx
          .select({ id: users.id, email: users.email, locale: users.locale, token: users.unsubscribeToken })
          .from(users)
          .where(
            inArray(
              users.id,
              updated.map((row) => row.id),
            ),
          );
        return recipients.map((recipient) => ({ ...recipient, previous: previous.get(recipient.id) ?? null }));
      });
      if (claimed.length === 0) break;
      let failedThisRound = 0;
      for (const person of claimed) {
        try {
          if (!person.token) throw new Error("the recipient has no unsubscribe token");
          const links = { baseUrl, unsubscribeUrl: unsubscribeUrl(baseUrl, person.token) };
          const email = await renderManagerDigestEmail(content, emailLocale(person.locale), links);
          await mailer.sendMail({
            from,
            to: person.email,
            subject: email.subject,
            text: email.text,
            html: email.html,
            headers: {
              "List-Unsubscribe": `<${links.unsubscribeUrl}>`,
              "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
              "Auto-Submitted": "auto-generated",
              "X-Auto-Response-Suppress": "All",
            },
          });
          result.sent += 1;
        } catch (error) {
          result.failed += 1;
          failedThisRound += 1;
          log.error("manager digest failed; it is retried on the next run", { userId: person.id, error });
          await db
            .update(users)
            .set({ lastManagerDigestAt: person.previous })
            .where(and(eq(users.id, person.id), eq(users.lastManagerDigestAt, now)));
        }
      }
      if (failedThisRound > 0 || claimed.length < batchSize) break;
    }
  } finally {
    ownMailer?.close();
  }
  return result;
}
