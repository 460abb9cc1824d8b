import { defaultLocale, isLocale, type Locale } from "#app/i18n/config";
import { formatDate } from "#app/i18n/format";
import { getServerT } from "#app/i18n/i18n.server";
import type { NotificationType } from "#db/schema/enums";

/** What an email may say about one notification: nothing here ever names an item's author. */
export type EmailNotification = {
  id: number;
  type: NotificationType;
  data: Record<string, unknown>;
  /** Null when the actor must stay hidden (anonymous) or there is none. */
  actorName: string | null;
  itemNumber: number | null;
  itemTitle: string | null;
  /** The comment's text while it is visible; null once deleted or hidden. */
  commentBody: string | null;
};

export type EmailLinks = {
  /** Where the app is reached, without a trailing slash: PUBLIC_URL or http://localhost:PORT. */
  baseUrl: string;
  unsubscribeUrl: string;
};

export type RenderedEmail = { subject: string; text: string; html: string };

/** How many notifications a digest lists one by one; the rest are counted. */
export const DIGEST_LIST_MAX = 50;
const EXCERPT_MAX = 600;

type T = Awaited<ReturnType<typeof getServerT>>;
const translators = new Map<Locale, Promise<T>>();

export function translator(locale: Locale): Promise<T> {
  let t = translators.get(locale);
  if (!t) {
    t = getServerT(locale);
    translators.set(locale, t);
  }
  return t;
}

/** The recipient's language, Italian when they never chose one. */
export function emailLocale(value: string | null | undefined): Locale {
  return isLocale(value) ? value : defaultLocale;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

type Detail = { label: string | null; text: string };
type Block = { headline: string; href: string; linkLabel: string; details: Detail[] };

function excerpt(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > EXCERPT_MAX ? `${trimmed.slice(0, EXCERPT_MAX).trimEnd()}…` : trimmed;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 250);
}

function itemHref(links: EmailLinks, number: number | null): string {
  return number ? `${links.baseUrl}/items/${number}` : `${links.baseUrl}/notifications`;
}

function block(t: T, locale: Locale, notification: EmailNotification, links: EmailLinks): Block {
  const data = notification.data;
  const to = typeof data.to === "string" ? data.to : null;
  const headline = t(`items:notifications.types.${notification.type}`, {
    actor: notification.actorName ?? t("items:timeline.someone"),
    number: notification.itemNumber ?? "",
    title: notification.itemTitle ?? "",
    to: to ? t(`items:status.${to}`) : "",
  });
  const details: Detail[] = [];
  if (notification.type === "status" && typeof data.note === "string" && data.note.trim()) {
    details.push({ label: t("email:note"), text: excerpt(data.note) });
  }
  if (["comment", "reply", "mention"].includes(notification.type) && notification.commentBody?.trim()) {
    details.push({ label: t("email:comment"), text: excerpt(notification.commentBody) });
  }
  if (notification.type === "overdue" && typeof data.targetDate === "string") {
    details.push({ label: null, text: t("email:targetDate", { date: formatDate(locale, data.targetDate) }) });
  }
  return {
    headline,
    href: itemHref(links, notification.itemNumber),
    linkLabel: notification.itemNumber
      ? t("email:openItem", { number: notification.itemNumber })
      : t("email:openNotifications"),
    details,
  };
}

function blockText(b: Block): string {
  const lines = [b.headline];
  for (const detail of b.details) lines.push(detail.label ? `${detail.label}: “${detail.text}”` : detail.text);
  lines.push(`${b.linkLabel}: ${b.href}`);
  return lines.join("\n");
}

function blockHtml(b: Block): string {
  const details = b.details
    .map((detail) =>
      detail.label
        ? `<p style="margin:8px 0 0;padding-left:12px;border-left:3px solid #cbd5e1;color:#334155"><strong>${escapeHtml(detail.label)}:</strong> ${multiline(detail.text)}</p>`
        : `<p style="margin:8px 0 0;color:#334155">${escapeHtml(detail.text)}</p>`,
    )
    .join("");
  return (
    `<p style="margin:0;font-weight:600">${escapeHtml(b.headline)}</p>${details}` +
    `<p style="margin:12px 0 0"><a href="${escapeHtml(b.href)}" style="color:#163f8c">${escapeHtml(b.linkLabel)}</a></p>`
  );
}

function multiline(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, "<br>");
}

function footerLines(t: T, links: EmailLinks, mode: "each" | "digest") {
  return {
    reason: t(mode === "each" ? "email:footer.each" : "email:footer.digest"),
    preferences: { label: t("email:footer.preferences"), href: `${links.baseUrl}/account` },
    unsubscribe: { label: t("email:footer.unsubscribe"), href: links.unsubscribeUrl },
  };
}

export function layout(locale: Locale, subject: string, body: string, footer: ReturnType<typeof footerLines>): string {
  const link = (l: { label: string; href: string }) =>
    `<a href="${escapeHtml(l.href)}" style="color:#475569">${escapeHtml(l.label)}</a>`;
  return [
    "<!doctype html>",
    `<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:24px 12px;background:#f1f5f9;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#0f172a">`,
    `<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">${body}</div>`,
    `<p style="max-width:560px;margin:16px auto 0;font-size:12px;color:#475569">${escapeHtml(footer.reason)}<br>${link(footer.preferences)} · ${link(footer.unsubscribe)}</p>`,
    "</body></html>",
  ].join("");
}

export function footerText(footer: ReturnType<typeof footerLines>): string {
  return [
    "--",
    footer.reason,
    `${footer.preferences.label}: ${footer.preferences.href}`,
    `${footer.unsubscribe.label}: ${footer.unsubscribe.href}`,
  ].join("\n");
}

/** One email for one notification, in the recipient's language. */
export async function renderNotificationEmail(
  notification: EmailNotification,
  locale: Locale,
  links: EmailLinks,
): Promise<RenderedEmail> {
  const t = await translator(locale);
  const b = block(t, locale, notification, links);
  const subject = oneLine(b.headline);
  const footer = footerLines(t, links, "each");
  return {
    subject,
    text: `${blockText(b)}\n\n${footerText(footer)}\n`,
    html: layout(locale, subject, blockHtml(b), footer),
  };
}

/** The daily digest: every notification listed (up to DIGEST_LIST_MAX), newest last. */
export async function renderDigestEmail(
  notifications: EmailNotification[],
  locale: Locale,
  links: EmailLinks,
): Promise<RenderedEmail> {
  const t = await translator(locale);
  const count = notifications.length;
  const listed = notifications.slice(0, DIGEST_LIST_MAX).map((notification) => block(t, locale, notification, links));
  const more = count - listed.length;
  const subject = oneLine(t("email:digest.subject", { count }));
  const intro = t("email:digest.intro", { count });
  const moreText = more > 0 ? t("email:digest.more", { count: more }) : null;
  const all = { label: t("email:openNotifications"), href: `${links.baseUrl}/notifications` };
  const footer = footerLines(t, links, "digest");
  const text = [intro, ...listed.map(blockText), ...(moreText ? [moreText] : []), `${all.label}: ${all.href}`].join(
    "\n\n",
  );
  const body = [
    `<p style="margin:0 0 16px">${escapeHtml(intro)}</p>`,
    ...listed.map((b) => `<div style="padding:16px 0;border-top:1px solid #e2e8f0">${blockHtml(b)}</div>`),
    moreText ? `<p style="margin:16px 0 0">${escapeHtml(moreText)}</p>` : "",
    `<p style="margin:16px 0 0"><a href="${escapeHtml(all.href)}" style="color:#163f8c">${escapeHtml(all.label)}</a></p>`,
  ].join("");
  return { subject, text: `${text}\n\n${footerText(footer)}\n`, html: layout(locale, subject, body, footer) };
}
