CREATE TABLE "outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"issue_id" integer,
	"event" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_by" text,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"effects" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbox_open_idx" ON "outbox" USING btree ("issue_id","id") WHERE "outbox"."status" in ('pending', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_one_running_per_database_uq" ON "tasks" USING btree ("database_id") WHERE "tasks"."status" = 'running';