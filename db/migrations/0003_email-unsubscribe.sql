ALTER TABLE "users" ADD COLUMN "unsubscribe_token" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "last_digest_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "users_unsubscribe_token_idx" ON "users" USING btree ("unsubscribe_token");