DROP INDEX "items_top_idx";--> statement-breakpoint
DROP INDEX "items_status_idx";--> statement-breakpoint
DROP INDEX "notifications_user_idx";--> statement-breakpoint
CREATE INDEX "items_top_idx" ON "items" USING btree ("vote_count" DESC NULLS FIRST,"number" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "items_status_idx" ON "items" USING btree ("status","vote_count" DESC NULLS FIRST,"number" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id" DESC NULLS FIRST);