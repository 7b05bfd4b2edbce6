CREATE TABLE "publication_corrections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"publication_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"problem" text NOT NULL,
	"requested" text NOT NULL,
	"evidence" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact" text NOT NULL,
	"code_hash" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"due" date NOT NULL,
	"reason" text,
	"version_id" uuid,
	"handled_by" uuid,
	"handled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "publication_corrections_code_hash_unique" UNIQUE("code_hash"),
	CONSTRAINT "publication_corrections_status_ck" CHECK ("publication_corrections"."status" in ('pending','accepted','rejected'))
);
--> statement-breakpoint
CREATE TABLE "publication_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"publication_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"fields" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"correction_id" uuid,
	"sha256" text NOT NULL,
	"ledger_entry_id" bigint NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "publication_versions_kind_ck" CHECK ("publication_versions"."kind" in ('publish','correction'))
);
--> statement-breakpoint
CREATE TABLE "publications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"case_id" uuid,
	"source" text NOT NULL,
	"external_key" text,
	"external_hash" text,
	"action_type" text NOT NULL,
	"document_number" text NOT NULL,
	"decision_date" date NOT NULL,
	"title" text NOT NULL,
	"party_type" text NOT NULL,
	"original" jsonb NOT NULL,
	"redacted" jsonb NOT NULL,
	"hits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"person_names" text[] DEFAULT '{}'::text[] NOT NULL,
	"secrets" text[] DEFAULT '{}'::text[] NOT NULL,
	"keep" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"party_is_minor" boolean DEFAULT false NOT NULL,
	"exclusion" text,
	"exclusion_note" text,
	"deadline" date NOT NULL,
	"soon" date NOT NULL,
	"deadline_confirmed" boolean DEFAULT true NOT NULL,
	"published_at" timestamp with time zone,
	"published_on" date,
	"late" boolean,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"ruling_kind" text,
	"ruling_date" date,
	"withdrawal_deadline" date,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_on" date,
	"withdrawal_late" boolean,
	"withdrawal_notice" text,
	"public_version" integer DEFAULT 0 NOT NULL,
	"public_sha256" text,
	"ledger_entry_id" bigint,
	"search" "tsvector",
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "publications_source_ck" CHECK ("publications"."source" in ('case','external')),
	CONSTRAINT "publications_status_ck" CHECK ("publications"."status" in ('draft','published','withheld','withdrawn')),
	CONSTRAINT "publications_party_type_ck" CHECK ("publications"."party_type" in ('person','org')),
	CONSTRAINT "publications_exclusion_ck" CHECK ("publications"."exclusion" is null or "publications"."exclusion" in ('minor','state_secret','commercial_secret','personal_privacy','hinders_enforcement')),
	CONSTRAINT "publications_ruling_ck" CHECK ("publications"."ruling_kind" is null or "publications"."ruling_kind" in ('revoked','illegal','invalid','review_changed','litigation_changed'))
);
--> statement-breakpoint
ALTER TABLE "publication_corrections" ADD CONSTRAINT "publication_corrections_publication_id_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."publications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publication_corrections" ADD CONSTRAINT "publication_corrections_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publication_corrections" ADD CONSTRAINT "publication_corrections_version_id_publication_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."publication_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publication_corrections" ADD CONSTRAINT "publication_corrections_handled_by_users_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publication_versions" ADD CONSTRAINT "publication_versions_publication_id_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."publications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publication_versions" ADD CONSTRAINT "publication_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "publication_corrections_agency_idx" ON "publication_corrections" USING btree ("agency_id","status","created_at");--> statement-breakpoint
CREATE INDEX "publication_corrections_publication_idx" ON "publication_corrections" USING btree ("publication_id");--> statement-breakpoint
CREATE UNIQUE INDEX "publication_versions_uq" ON "publication_versions" USING btree ("publication_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "publications_case_uq" ON "publications" USING btree ("case_id") WHERE "publications"."case_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "publications_external_key_uq" ON "publications" USING btree ("agency_id","external_key") WHERE "publications"."external_key" is not null;--> statement-breakpoint
CREATE INDEX "publications_status_agency_date_idx" ON "publications" USING btree ("status","agency_id","decision_date");--> statement-breakpoint
CREATE INDEX "publications_status_date_idx" ON "publications" USING btree ("status","decision_date");--> statement-breakpoint
CREATE INDEX "publications_agency_deadline_idx" ON "publications" USING btree ("agency_id","status","deadline");--> statement-breakpoint
CREATE INDEX "publications_search_idx" ON "publications" USING gin ("search");