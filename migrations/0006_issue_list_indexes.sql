DROP INDEX "issues_status_idx";--> statement-breakpoint
CREATE INDEX "issues_status_id_idx" ON "issues" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "issues_creator_id_idx" ON "issues" USING btree ("creator_id","id");--> statement-breakpoint
CREATE INDEX "tasks_issue_idx" ON "tasks" USING btree ("issue_id","stage_id","position");