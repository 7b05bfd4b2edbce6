CREATE TABLE "case_remedies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"filed_on" date NOT NULL,
	"decided_on" date,
	"outcome" text,
	"note" text DEFAULT '' NOT NULL,
	"ledger_entry_id" bigint NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "case_remedies_kind_ck" CHECK ("case_remedies"."kind" in ('reconsideration','litigation')),
	CONSTRAINT "case_remedies_outcome_ck" CHECK ("case_remedies"."outcome" is null or "case_remedies"."outcome" in ('upheld','dismissed','revoked','changed','illegal','invalid','ordered','withdrawn','mediated','other')),
	CONSTRAINT "case_remedies_decided_ck" CHECK (("case_remedies"."outcome" is null) = ("case_remedies"."decided_on" is null))
);
--> statement-breakpoint
CREATE TABLE "statistics_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"figures" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"generated_by" uuid,
	"published_at" timestamp with time zone,
	"published_on" date,
	"published_by" uuid,
	"late" boolean,
	"sha256" text,
	"ledger_entry_id" bigint,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "statistics_reports_status_ck" CHECK ("statistics_reports"."status" in ('draft','published'))
);
--> statement-breakpoint
ALTER TABLE "case_remedies" ADD CONSTRAINT "case_remedies_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_remedies" ADD CONSTRAINT "case_remedies_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_remedies" ADD CONSTRAINT "case_remedies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statistics_reports" ADD CONSTRAINT "statistics_reports_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statistics_reports" ADD CONSTRAINT "statistics_reports_generated_by_users_id_fk" FOREIGN KEY ("generated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statistics_reports" ADD CONSTRAINT "statistics_reports_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_remedies_case_idx" ON "case_remedies" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_remedies_agency_idx" ON "case_remedies" USING btree ("agency_id","filed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "statistics_reports_agency_year_uq" ON "statistics_reports" USING btree ("agency_id","year");--> statement-breakpoint
CREATE INDEX "statistics_reports_status_year_idx" ON "statistics_reports" USING btree ("status","year");