import { and, asc, eq, exists, gt, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database, Queryable } from "#db/client.server";
import { comments, items, notifications, users } from "#db/schema/index";
import { getEnv } from "#app/utils/env.server";
import { getLogger, type Logger } from "#app/utils/logger.server";
import { appBaseUrl, createMailer, getMailer, type Mailer } from "./mailer.server";
import {
  emailLocale,
  renderDigestEmail,
  renderNotificationEmail,
  type EmailNotification,
  type RenderedEmail,
} from "./render.server";
import { ensureUnsubscribeTokens, unsubscribeUrl } from "./unsubscribe.server";

/** Older notifications are never emailed (a backlog after turning email on stays in the app). */
export const EMAIL_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** At most one digest per person in this time. */
export const DIGEST_INTERVAL_MS = 24 * 60 * 60 * 1000;

export type DeliverOptions = {
  /** A transport to use instead of the process's own (tests). */
  mailer?: Mailer;
  /** An SMTP URL to use instead of SMTP_URL: a transport is made for this run and closed after it. */
  smtpUrl?: string;
  from?: string;
  baseUrl?: string;
  /** Notifications claimed per round in 'each' mode, digests per round. */
  batchSize?: number;
  log?: Logger;
};

export type DeliveryResult = { sent: number; digests: number; failed: number };

const MAX_ROUNDS = 20;

/**
 * Emails what people have not been emailed yet: one message per notification for
 * email_mode 'each', one digest a day for 'digest', nothing for 'off' or deactivated people.
 *
 * Rows are claimed in a short transaction (FOR UPDATE SKIP LOCKED, then emailed_at is
 * set) and sent after it commits, so several instances never send the same notification
 * and no database lock is held while talking to the mail server. A message that fails is
 * logged and released (emailed_at back to null) for the next run.
 */
export async function deliverPendingEmails(
  db: Database,
  now = new Date(),
  options: DeliverOptions = {},
): Promise<DeliveryResult> {
  const ownMailer = !options.mailer && options.smtpUrl ? createMailer(options.smtpUrl) : undefined;
  const mailer = options.mailer ?? ownMailer ?? getMailer();
  const result: DeliveryResult = { sent: 0, digests: 0, failed: 0 };
  if (!mailer) return result;
  const context: Context = {
    db,
    now,
    mailer,
    from: options.from ?? getEnv().MAIL_FROM,
    baseUrl: (options.baseUrl ?? appBaseUrl()).replace(/\/+$/, ""),
    batchSize: options.batchSize ?? 100,
    log: options.log ?? getLogger(),
  };
  try {
    await deliverEach(context, result);
    await deliverDigests(context, result);
  } finally {
    ownMailer?.close();
  }
  return result;
}

type Context = {
  db: Database;
  now: Date;
  mailer: Mailer;
  from: string;
  baseUrl: string;
  batchSize: number;
  log: Logger;
};

function cutoff(now: Date): Date {
  return new Date(now.getTime() - EMAIL_MAX_AGE_MS);
}

async function deliverEach(context: Context, result: DeliveryResult): Promise<void> {
  const { db, now } = context;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const claimed = await db.transaction(async (tx) => {
      const pending = tx
        .select({ id: notifications.id })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .where(
          and(
            isNull(notifications.emailedAt),
            gt(notifications.createdAt, cutoff(now)),
            eq(users.emailMode, "each"),
            isNull(users.deactivatedAt),
          ),
        )
        .orderBy(asc(notifications.id))
        .limit(context.batchSize)
        .for("update", { of: notifications, skipLocked: true });
      const rows = await tx
        .update(notifications)
        .set({ emailedAt: now })
        .where(and(inArray(notifications.id, pending), isNull(notifications.emailedAt)))
        .returning({ id: notifications.id, userId: notifications.userId });
      await ensureUnsubscribeTokens(tx, [...new Set(rows.map((row) => row.userId))]);
      return rows;
    });
    if (claimed.length === 0) return;
    const details = await loadEmailable(
      db,
      inArray(
        notifications.id,
        claimed.map((row) => row.id),
      ),
    );
    let failedThisRound = 0;
    for (const notification of details) {
      const error = await attempt(async () => {
        const links = linksFor(context, notification.recipient.unsubscribeToken);
        const email = await renderNotificationEmail(notification, emailLocale(notification.recipient.locale), links);
        await send(context, notification.recipient.email, email, links.unsubscribeUrl);
      });
      if (!error) {
        result.sent += 1;
        continue;
      }
      result.failed += 1;
      if (isRecipientRefused(error)) {
        // The address itself is refused: trying again every minute would not help.
        context.log.warn("notification email refused for its recipient; not retried", {
          notificationId: notification.id,
          userId: notification.userId,
          error,
        });
        continue;
      }
      failedThisRound += 1;
      context.log.error("notification email failed; it is retried on the next run", {
        notificationId: notification.id,
        userId: notification.userId,
        error,
      });
      await db
        .update(notifications)
        .set({ emailedAt: null })
        .where(and(eq(notifications.id, notification.id), eq(notifications.emailedAt, now)));
    }
    // A failing mail server is tried again on the next run, not in a loop now.
    if (failedThisRound > 0 || claimed.length < context.batchSize) return;
  }
}

async function deliverDigests(context: Context, result: DeliveryResult): Promise<void> {
  const { db, now } = context;
  const dayAgo = new Date(now.getTime() - DIGEST_INTERVAL_MS);
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const claimed = await db.transaction(async (tx) => {
      const due = await tx
        .select({ id: users.id, lastDigestAt: users.lastDigestAt })
        .from(users)
        .where(
          and(
            eq(users.emailMode, "digest"),
            isNull(users.deactivatedAt),
            or(isNull(users.lastDigestAt), lte(users.lastDigestAt, dayAgo)),
            exists(
              tx
                .select({ one: sql`1` })
                .from(notifications)
                .where(
                  and(
                    eq(notifications.userId, users.id),
                    isNull(notifications.emailedAt),
                    gt(notifications.createdAt, cutoff(now)),
                  ),
                ),
            ),
          ),
        )
        .orderBy(asc(users.id))
        .limit(context.batchSize)
        .for("update", { of: users, skipLocked: true });
      if (due.length === 0) return [];
      const ids = due.map((user) => user.id);
      // The people's rows are locked: nobody else claims their notifications meanwhile.
      await tx
        .update(notifications)
        .set({ emailedAt: now })
        .where(
          and(
            inArray(notifications.userId, ids),
            isNull(notifications.emailedAt),
            gt(notifications.createdAt, cutoff(now)),
          ),
        );
      await tx.update(users).set({ lastDigestAt: now }).where(inArray(users.id, ids));
      await ensureUnsubscribeTokens(tx, ids);
      return due;
    });
    if (claimed.length === 0) return;
    let failedThisRound = 0;
    for (const user of claimed) {
      const list = await loadEmailable(db, and(eq(notifications.userId, user.id), eq(notifications.emailedAt, now))!);
      const recipient = list[0]?.recipient;
      if (!recipient) continue;
      const error = await attempt(async () => {
        const links = linksFor(context, recipient.unsubscribeToken);
        const email = await renderDigestEmail(list, emailLocale(recipient.locale), links);
        await send(context, recipient.email, email, links.unsubscribeUrl);
      });
      if (!error) {
        result.digests += 1;
        continue;
      }
      result.failed += 1;
      if (isRecipientRefused(error)) {
        context.log.warn("digest email refused for its recipient; not retried", {
          userId: user.id,
          notifications: list.length,
          error,
        });
        continue;
      }
      failedThisRound += 1;
      context.log.error("digest email failed; it is retried on the next run", {
        userId: user.id,
        notifications: list.length,
        error,
      });
      await db.transaction(async (tx) => {
        await tx
          .update(notifications)
          .set({ emailedAt: null })
          .where(and(eq(notifications.userId, user.id), eq(notifications.emailedAt, now)));
        await tx
          .update(users)
          .set({ lastDigestAt: user.lastDigestAt })
          .where(and(eq(users.id, user.id), eq(users.lastDigestAt, now)));
      });
    }
    if (failedThisRound > 0 || claimed.length < context.batchSize) return;
  }
}

const actor = alias(users, "actor");
const recipient = alias(users, "recipient");

type Emailable = EmailNotification & {
  userId: string;
  recipient: { email: string; locale: string | null; unsubscribeToken: string | null };
};

/**
 * The notifications as an email may show them. The actor's name comes from actor_id
 * alone, which is already null for anonymous acts; an item's author is never read here.
 */
async function loadEmailable(db: Queryable, where: SQL): Promise<Emailable[]> {
  const rows = await db
    .select({
      id: notifications.id,
      userId: notifications.userId,
      type: notifications.type,
      data: notifications.data,
      actorName: actor.name,
      itemNumber: items.number,
      itemTitle: items.title,
      commentBody: sql<
        string | null
      >`case when ${comments.deletedAt} is null and ${comments.hiddenAt} is null then ${comments.body} end`,
      recipientEmail: recipient.email,
      recipientLocale: recipient.locale,
      recipientToken: recipient.unsubscribeToken,
    })
    .from(notifications)
    .innerJoin(recipient, eq(recipient.id, notifications.userId))
    .leftJoin(actor, eq(actor.id, notifications.actorId))
    .leftJoin(items, eq(items.id, notifications.itemId))
    .leftJoin(comments, eq(comments.id, notifications.commentId))
    .where(where)
    .orderBy(asc(notifications.id));
  return rows.map(({ recipientEmail, recipientLocale, recipientToken, ...row }) => ({
    ...row,
    recipient: { email: recipientEmail, locale: recipientLocale, unsubscribeToken: recipientToken },
  }));
}

function linksFor(context: Context, token: string | null) {
  // ensureUnsubscribeTokens ran in the claiming transaction, so the token is there.
  if (!token) throw new Error("the recipient has no unsubscribe token");
  return { baseUrl: context.baseUrl, unsubscribeUrl: unsubscribeUrl(context.baseUrl, token) };
}

/** The mail server refused the recipient's address for good (5xx to RCPT TO), not the message or itself. */
function isRecipientRefused(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, command, responseCode } = error as { code?: unknown; command?: unknown; responseCode?: unknown };
  return (
    code === "EENVELOPE" &&
    command === "RCPT TO" &&
    typeof responseCode === "number" &&
    responseCode >= 500 &&
    responseCode < 600
  );
}

/** Runs one delivery; the error it threw, or null when it went through. */
async function attempt(run: () => Promise<void>): Promise<unknown> {
  try {
    await run();
    return null;
  } catch (error) {
    return error ?? new Error("delivery failed");
  }
}

async function send(context: Context, to: string, email: RenderedEmail, unsubscribe: string): Promise<void> {
  await context.mailer.sendMail({
    from: context.from,
    to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    headers: {
      // One-click unsubscribe (RFC 8058), and no auto-replies from out-of-office rules.
      "List-Unsubscribe": `<${unsubscribe}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "Auto-Submitted": "auto-generated",
      "X-Auto-Response-Suppress": "All",
    },
  });
}
