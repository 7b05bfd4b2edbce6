CREATE TABLE "access_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"requester_name" text NOT NULL,
	"requester_id_no" text NOT NULL,
	"requester_phone" text NOT NULL,
	"relation" text NOT NULL,
	"purpose" text NOT NULL,
	"scope" text NOT NULL,
	"include_files" boolean DEFAULT false NOT NULL,
	"code_hash" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decision_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"valid_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_requests_code_hash_unique" UNIQUE("code_hash"),
	CONSTRAINT "access_requests_status_ck" CHECK ("access_requests"."status" in ('pending','approved','refused')),
	CONSTRAINT "access_requests_scope_ck" CHECK ("access_requests"."scope" in ('read','copy')),
	CONSTRAINT "access_requests_relation_ck" CHECK ("access_requests"."relation" in ('party','agent','interested','public'))
);
--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_requests_agency_idx" ON "access_requests" USING btree ("agency_id","status","created_at");