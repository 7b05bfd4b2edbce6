CREATE TABLE "case_execution" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint,
	"on_date" date,
	"method" text,
	"reference" text,
	"plan" jsonb,
	"reason" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"decision_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ledger_entry_id" bigint NOT NULL,
	CONSTRAINT "case_execution_kind_ck" CHECK ("case_execution"."kind" in ('payment','deferral','instalments','demand','enforcement')),
	CONSTRAINT "case_execution_status_ck" CHECK ("case_execution"."status" in ('recorded','pending','approved','refused'))
);
--> statement-breakpoint
ALTER TABLE "case_execution" ADD CONSTRAINT "case_execution_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_execution" ADD CONSTRAINT "case_execution_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_execution" ADD CONSTRAINT "case_execution_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_execution" ADD CONSTRAINT "case_execution_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_execution_case_idx" ON "case_execution" USING btree ("case_id","created_at");