CREATE TABLE "clustering_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model" jsonb NOT NULL,
	"cluster_ids" uuid[] NOT NULL,
	"ticket_count" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "impact_tickets" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "impact_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "items_impact_idx" ON "items" USING btree ("impact_tickets" DESC NULLS FIRST,"vote_count" DESC NULLS FIRST,"number" DESC NULLS FIRST);