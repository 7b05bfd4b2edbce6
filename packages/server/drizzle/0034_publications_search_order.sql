DROP INDEX "publications_status_agency_date_idx";--> statement-breakpoint
DROP INDEX "publications_status_date_idx";--> statement-breakpoint
CREATE INDEX "publications_status_agency_order_idx" ON "publications" USING btree ("status","agency_id","decision_date" DESC NULLS LAST,"published_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "publications_status_order_idx" ON "publications" USING btree ("status","decision_date" DESC NULLS LAST,"published_at" DESC NULLS LAST,"id");