CREATE TABLE "major_catalog_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"action_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"agency_levels" text[] DEFAULT '{}'::text[] NOT NULL,
	"domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"min_amount" numeric(16, 2),
	"penalty_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"hearing_held" boolean DEFAULT false NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "av_record_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activity" text NOT NULL,
	"action_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"requirement" text NOT NULL,
	"basis" text,
	"mandatory_reason" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "service_guides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"matter_name" text NOT NULL,
	"item_code" text,
	"basis" text NOT NULL,
	"accepting_body" text NOT NULL,
	"deciding_body" text NOT NULL,
	"conditions" text NOT NULL,
	"materials" text NOT NULL,
	"process" text NOT NULL,
	"time_limit" text NOT NULL,
	"fees" text NOT NULL,
	"supervision" text NOT NULL,
	"remedy" text NOT NULL,
	"office_hours" text NOT NULL,
	"address" text NOT NULL,
	"phone" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_reviewers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"staff_no" text NOT NULL,
	"name" text NOT NULL,
	"unit_name" text NOT NULL,
	"post" text,
	"qualification" text NOT NULL,
	"certificate_no" text,
	"username" text,
	"since" date,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "major_catalog_rules" ADD CONSTRAINT "major_catalog_rules_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "av_record_items" ADD CONSTRAINT "av_record_items_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_guides" ADD CONSTRAINT "service_guides_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_reviewers" ADD CONSTRAINT "legal_reviewers_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "major_catalog_rules_agency_idx" ON "major_catalog_rules" USING btree ("agency_id","active");--> statement-breakpoint
CREATE INDEX "av_record_items_agency_idx" ON "av_record_items" USING btree ("agency_id","activity");--> statement-breakpoint
CREATE INDEX "service_guides_agency_idx" ON "service_guides" USING btree ("agency_id","matter_name");--> statement-breakpoint
CREATE UNIQUE INDEX "legal_reviewers_agency_staff_uq" ON "legal_reviewers" USING btree ("agency_id","staff_no");