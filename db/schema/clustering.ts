import { integer, jsonb, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";

/**
 * The clustering engine's model from the latest full run, for assigning new tickets without
 * re-clustering. Only the newest row is used; older rows are deleted when a run is stored.
 */
export const clusteringModels = pgTable("clustering_models", {
  id: id(),
  /** The engine's ClusterModel, as it serialised it. */
  model: jsonb("model").$type<Record<string, unknown>>().notNull(),
  /** The cluster id for each of the model's cluster indexes (after folding merged clusters). */
  clusterIds: uuid("cluster_ids").array().notNull(),
  ticketCount: integer("ticket_count").notNull().default(0),
  durationMs: integer("duration_ms"),
  finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  createdAt: createdAt(),
});

export type ClusteringModelRow = typeof clusteringModels.$inferSelect;
