ALTER TABLE "statistics_reports" DROP CONSTRAINT "statistics_reports_status_ck";--> statement-breakpoint
DROP INDEX "statistics_reports_agency_year_uq";--> statement-breakpoint
ALTER TABLE "statistics_reports" ADD COLUMN "edition" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "statistics_reports" ADD COLUMN "supersedes" uuid;--> statement-breakpoint
ALTER TABLE "statistics_reports" ADD COLUMN "correction_reason" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "statistics_reports" ADD COLUMN "superseded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "statistics_reports" ADD CONSTRAINT "statistics_reports_supersedes_statistics_reports_id_fk" FOREIGN KEY ("supersedes") REFERENCES "public"."statistics_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "statistics_reports_agency_year_edition_uq" ON "statistics_reports" USING btree ("agency_id","year","edition");--> statement-breakpoint
CREATE UNIQUE INDEX "statistics_reports_one_draft_uq" ON "statistics_reports" USING btree ("agency_id","year") WHERE status = 'draft';--> statement-breakpoint
CREATE UNIQUE INDEX "statistics_reports_one_published_uq" ON "statistics_reports" USING btree ("agency_id","year") WHERE status = 'published';--> statement-breakpoint
ALTER TABLE "statistics_reports" ADD CONSTRAINT "statistics_reports_status_ck" CHECK ("statistics_reports"."status" in ('draft','published','superseded'));