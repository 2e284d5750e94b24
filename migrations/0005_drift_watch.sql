CREATE TABLE "drift_cards" (
	"id" serial PRIMARY KEY NOT NULL,
	"database_id" integer NOT NULL,
	"platform" text NOT NULL,
	"channel" text NOT NULL,
	"ref" jsonb NOT NULL,
	"seq" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drift_checks" (
	"id" serial PRIMARY KEY NOT NULL,
	"database_id" integer NOT NULL,
	"status" text NOT NULL,
	"changed" boolean DEFAULT false NOT NULL,
	"seq" integer NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"baseline_history_id" integer,
	"added" integer DEFAULT 0 NOT NULL,
	"removed" integer DEFAULT 0 NOT NULL,
	"error" text,
	"checked_by" integer,
	"duration_ms" integer
);
--> statement-breakpoint
CREATE TABLE "drift_states" (
	"database_id" integer PRIMARY KEY NOT NULL,
	"status" text,
	"seq" integer DEFAULT 0 NOT NULL,
	"checked_at" timestamp with time zone,
	"changed_at" timestamp with time zone,
	"baseline_history_id" integer,
	"diff" jsonb,
	"error" text,
	"checked_by" integer,
	"next_check_at" timestamp with time zone,
	"claimed_by" text,
	"lease_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "drift_check_ms" integer;--> statement-breakpoint
ALTER TABLE "drift_cards" ADD CONSTRAINT "drift_cards_database_id_databases_id_fk" FOREIGN KEY ("database_id") REFERENCES "public"."databases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_checks" ADD CONSTRAINT "drift_checks_database_id_databases_id_fk" FOREIGN KEY ("database_id") REFERENCES "public"."databases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_checks" ADD CONSTRAINT "drift_checks_checked_by_principals_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."principals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_states" ADD CONSTRAINT "drift_states_database_id_databases_id_fk" FOREIGN KEY ("database_id") REFERENCES "public"."databases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drift_states" ADD CONSTRAINT "drift_states_checked_by_principals_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."principals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "drift_cards_database_channel_uq" ON "drift_cards" USING btree ("database_id","platform","channel");--> statement-breakpoint
CREATE INDEX "drift_checks_database_idx" ON "drift_checks" USING btree ("database_id","id");--> statement-breakpoint
CREATE INDEX "drift_states_due_idx" ON "drift_states" USING btree ("next_check_at");--> statement-breakpoint
CREATE INDEX "drift_states_status_idx" ON "drift_states" USING btree ("status");