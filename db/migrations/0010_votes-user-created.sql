DROP INDEX "votes_user_idx";--> statement-breakpoint
CREATE INDEX "votes_user_created_idx" ON "votes" USING btree ("user_id","created_at");