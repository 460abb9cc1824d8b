ALTER TABLE "auth_throttle" ALTER COLUMN "last_failure_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "auth_throttle" ADD COLUMN "last_success_at" timestamp with time zone;