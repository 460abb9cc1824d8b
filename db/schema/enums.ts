import { pgEnum } from "drizzle-orm/pg-core";

export const userRole = pgEnum("user_role", ["agent", "manager", "admin"]);
export type UserRole = (typeof userRole.enumValues)[number];

export const userLocale = pgEnum("user_locale", ["it", "en"]);
export type UserLocale = (typeof userLocale.enumValues)[number];

export const itemKind = pgEnum("item_kind", ["insight", "idea"]);
export type ItemKind = (typeof itemKind.enumValues)[number];

/** Where the problem comes from: the root-cause areas of the brief. */
export const itemArea = pgEnum("item_area", [
  "process",
  "tool_system",
  "policy",
  "product",
  "training",
  "communication",
]);
export type ItemArea = (typeof itemArea.enumValues)[number];

export const channel = pgEnum("channel", ["phone", "email", "chat", "social", "web_form", "store", "messaging"]);
export type Channel = (typeof channel.enumValues)[number];

export const itemStatus = pgEnum("item_status", [
  "new",
  "under_review",
  "planned",
  "in_progress",
  "done",
  "declined",
  "duplicate",
]);

export const timelineType = pgEnum("timeline_type", [
  "created",
  "status",
  "target_date",
  "owner",
  "edited",
  "merged_from",
  "outcome",
]);
export type TimelineType = (typeof timelineType.enumValues)[number];

export const notificationType = pgEnum("notification_type", [
  "status",
  "comment",
  "reply",
  "mention",
  "overdue",
  "outcome_request",
]);
export type NotificationType = (typeof notificationType.enumValues)[number];

export const outcomeAnswer = pgEnum("outcome_answer", ["yes", "partly", "no"]);
export type OutcomeAnswer = (typeof outcomeAnswer.enumValues)[number];

export const emailMode = pgEnum("email_mode", ["each", "digest", "off"]);
export type EmailMode = (typeof emailMode.enumValues)[number];

/** Helpdesk statuses folded to four: Zendesk's new/open/hold map to open, solved to resolved. */
export const ticketStatus = pgEnum("ticket_status", ["open", "pending", "resolved", "closed"]);
export type TicketStatus = (typeof ticketStatus.enumValues)[number];

export const jobStatus = pgEnum("job_status", ["queued", "running", "succeeded", "failed", "cancelled"]);
export type JobStatus = (typeof jobStatus.enumValues)[number];
