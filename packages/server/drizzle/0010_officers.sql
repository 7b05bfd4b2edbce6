CREATE TABLE "officers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"gender" text NOT NULL,
	"unit_name" text,
	"post" text,
	"cert_number" text NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"region_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"cert_status" text DEFAULT 'valid' NOT NULL,
	"issuer" text,
	"active" boolean DEFAULT true NOT NULL,
	"username" text
);
--> statement-breakpoint
CREATE TABLE "officer_annual_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cert_number" text NOT NULL,
	"year" integer NOT NULL,
	"training_hours" double precision DEFAULT 0 NOT NULL,
	"annual_check" text DEFAULT 'pending' NOT NULL,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "officers" ADD CONSTRAINT "officers_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officer_annual_records" ADD CONSTRAINT "officer_annual_records_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "officers_cert_number_uq" ON "officers" USING btree ("cert_number");--> statement-breakpoint
CREATE UNIQUE INDEX "officers_username_uq" ON "officers" USING btree ("username");--> statement-breakpoint
CREATE INDEX "officers_agency_idx" ON "officers" USING btree ("agency_id","cert_number");--> statement-breakpoint
CREATE UNIQUE INDEX "officer_annual_records_key_uq" ON "officer_annual_records" USING btree ("agency_id","cert_number","year");