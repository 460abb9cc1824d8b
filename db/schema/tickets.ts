import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { channel, jobStatus, ticketStatus } from "./enums";
import { items } from "./items";
import { users } from "./users";

/**
 * A support ticket from a helpdesk export or the API, scrubbed of personal data before it is
 * stored. `(source, external_id)` is unique: importing the same ticket again updates it.
 */
export const tickets = pgTable(
  "tickets",
  {
    id: id(),
    source: text("source").notNull(),
    externalId: text("external_id").notNull(),
    subject: text("subject").notNull().default(""),
    body: text("body").notNull().default(""),
    channel: channel("channel"),
    product: text("product"),
    /** The requester's language as the helpdesk reported it ("it", "en"), else detected. */
    language: text("language"),
    status: ticketStatus("status").notNull().default("open"),
    /** When the customer opened the ticket, in the helpdesk. */
    openedAt: timestamp("opened_at", { withTimezone: true, mode: "date" }).notNull(),
    firstResponseAt: timestamp("first_response_at", { withTimezone: true, mode: "date" }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, mode: "date" }),
    /** CSAT on a 1–5 scale when the helpdesk gives one. */
    csatScore: smallint("csat_score"),
    /** Satisfied or not: a good/bad rating, or a score of 4–5. */
    csatGood: boolean("csat_good"),
    interactions: integer("interactions"),
    /** When the helpdesk last changed the ticket, as its webhook events say: older events are late retries. */
    sourceUpdatedAt: timestamp("source_updated_at", { withTimezone: true, mode: "date" }),
    clusterId: uuid("cluster_id").references((): AnyPgColumn => clusters.id, { onDelete: "set null" }),
    /** How close the ticket is to its cluster's centre (cosine), for representatives. */
    clusterSimilarity: real("cluster_similarity"),
    /** A manager moved this ticket by hand: re-clustering keeps it where they put it. */
    clusterPinned: boolean("cluster_pinned").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex("tickets_source_external_idx").on(table.source, table.externalId),
    index("tickets_cluster_opened_idx").on(table.clusterId, table.openedAt),
    index("tickets_opened_idx").on(table.openedAt),
  ],
);

/** A group of tickets about one problem, found by the clustering engine and curated by managers. */
export const clusters = pgTable(
  "clusters",
  {
    id: id(),
    /** The short number in URLs: /clusters/12. */
    number: integer("number").notNull().unique().generatedAlwaysAsIdentity(),
    /** The engine's name for Italian pages, made anew at each clustering run. */
    label: text("label").notNull(),
    /** The engine's name for English pages; null for clusters named before it existed. */
    labelEn: text("label_en"),
    /** Given by a manager; wins over the label and survives re-clustering. */
    name: text("name"),
    keywords: text("keywords")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    representativeTicketIds: uuid("representative_ticket_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    ticketCount: integer("ticket_count").notNull().default(0),
    /** The engine's centre for incremental assignment, in the engine's own serialised form. */
    centroid: jsonb("centroid").$type<unknown>(),
    /** Set when a manager merged this cluster into another; its tickets and links moved there. */
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => clusters.id, { onDelete: "set null" }),
    /** Set when a re-clustering found no successor; kept so links and history stay readable. */
    retiredAt: timestamp("retired_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index("clusters_ticket_count_idx").on(table.ticketCount)],
);

export const itemClusters = pgTable(
  "item_clusters",
  {
    itemId: uuid("item_id")
      .notNull()
      .references(() => items.id, { onDelete: "cascade" }),
    clusterId: uuid("cluster_id")
      .notNull()
      .references(() => clusters.id, { onDelete: "cascade" }),
    linkedById: uuid("linked_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.itemId, table.clusterId] }),
    index("item_clusters_cluster_idx").on(table.clusterId),
  ],
);

/**
 * Background work (imports, clustering), claimed with FOR UPDATE SKIP LOCKED so any number of
 * workers can share the queue. Progress is written as it goes so pages can show it.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: id(),
    type: text("type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    status: jobStatus("status").notNull().default("queued"),
    progressDone: integer("progress_done").notNull().default(0),
    progressTotal: integer("progress_total"),
    result: jsonb("result").$type<Record<string, unknown>>(),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    runAt: timestamp("run_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    lockedBy: text("locked_by"),
    lockedAt: timestamp("locked_at", { withTimezone: true, mode: "date" }),
    /** Refreshed while a job runs; a stale heartbeat means its worker died and the job can be retaken. */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true, mode: "date" }),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("jobs_claim_idx").on(table.status, table.runAt),
    index("jobs_type_created_idx").on(table.type, table.createdAt),
  ],
);

export type Ticket = typeof tickets.$inferSelect;
export type Cluster = typeof clusters.$inferSelect;
export type Job = typeof jobs.$inferSelect;
