CREATE TABLE "legal_review_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid NOT NULL,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"summary" text NOT NULL,
	"data" jsonb NOT NULL,
	"ledger_entry_id" bigint
);
--> statement-breakpoint
CREATE TABLE "legal_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"state" text NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submission" jsonb NOT NULL,
	"decision" jsonb,
	"decision_key" text NOT NULL,
	"major_because" text[] DEFAULT '{}'::text[] NOT NULL,
	"assignee_id" uuid,
	"accepted_at" timestamp with time zone,
	"accepted_on" date,
	"due" date,
	"soon" date,
	"extension_days" integer DEFAULT 0 NOT NULL,
	"extension" jsonb,
	"return_reason" text,
	"complete_by" date,
	"checklist" jsonb NOT NULL,
	"outcome" text,
	"opinion" text,
	"correction" text,
	"transfer_to" text,
	"opinion_at" timestamp with time zone,
	"opinion_on" date,
	"opinion_by" uuid,
	"late" boolean,
	"document_sha256" text,
	"dispute" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legal_reviews_state_ck" CHECK ("legal_reviews"."state" in ('pending','returned','in_review','agreed','corrected','transferred','disputed','overruled','withdrawn')),
	CONSTRAINT "legal_reviews_outcome_ck" CHECK ("legal_reviews"."outcome" is null or "legal_reviews"."outcome" in ('agreed','corrected','transferred'))
);
--> statement-breakpoint
CREATE TABLE "review_phrases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"category" text NOT NULL,
	"text" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "legal_review_events" ADD CONSTRAINT "legal_review_events_review_id_legal_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."legal_reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_review_events" ADD CONSTRAINT "legal_review_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_review_events" ADD CONSTRAINT "legal_review_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_reviews" ADD CONSTRAINT "legal_reviews_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_reviews" ADD CONSTRAINT "legal_reviews_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_reviews" ADD CONSTRAINT "legal_reviews_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_reviews" ADD CONSTRAINT "legal_reviews_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_reviews" ADD CONSTRAINT "legal_reviews_opinion_by_users_id_fk" FOREIGN KEY ("opinion_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_phrases" ADD CONSTRAINT "review_phrases_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_phrases" ADD CONSTRAINT "review_phrases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "legal_review_events_review_idx" ON "legal_review_events" USING btree ("review_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "legal_reviews_case_round_uq" ON "legal_reviews" USING btree ("case_id","round");--> statement-breakpoint
CREATE UNIQUE INDEX "legal_reviews_live_uq" ON "legal_reviews" USING btree ("case_id") WHERE "legal_reviews"."state" in ('pending','returned','in_review','disputed');--> statement-breakpoint
CREATE INDEX "legal_reviews_queue_idx" ON "legal_reviews" USING btree ("agency_id","state","due");--> statement-breakpoint
CREATE INDEX "legal_reviews_assignee_idx" ON "legal_reviews" USING btree ("assignee_id","state");--> statement-breakpoint
CREATE INDEX "legal_reviews_submitted_idx" ON "legal_reviews" USING btree ("agency_id","submitted_at");--> statement-breakpoint
CREATE INDEX "review_phrases_agency_idx" ON "review_phrases" USING btree ("agency_id","category");