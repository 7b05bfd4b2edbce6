CREATE TABLE "evidence_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"case_ref" text NOT NULL,
	"category" text NOT NULL,
	"mime" text NOT NULL,
	"filename" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"captured_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"collector" text NOT NULL,
	"proves" text NOT NULL,
	"device" text DEFAULT '' NOT NULL,
	"sensitivity" text DEFAULT 'none' NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"late" boolean NOT NULL,
	"ledger_entry_id" bigint NOT NULL,
	CONSTRAINT "evidence_files_category_ck" CHECK ("evidence_files"."category" in ('photo','audio','video','document')),
	CONSTRAINT "evidence_files_sensitivity_ck" CHECK ("evidence_files"."sensitivity" in ('none','privacy','commercial','secret')),
	CONSTRAINT "evidence_files_sha_ck" CHECK ("evidence_files"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_files" ADD CONSTRAINT "evidence_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_files_case_idx" ON "evidence_files" USING btree ("agency_id","case_ref","captured_at");--> statement-breakpoint
CREATE INDEX "evidence_files_sha_idx" ON "evidence_files" USING btree ("sha256");