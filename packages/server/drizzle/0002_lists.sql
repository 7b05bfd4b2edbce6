CREATE TABLE "random_inspection_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"code" text NOT NULL,
	"matter" text NOT NULL,
	"basis" text NOT NULL,
	"target_type" text NOT NULL,
	"ratio_percent" integer NOT NULL,
	"method" text NOT NULL,
	"frequency" text NOT NULL,
	"domain" text,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "random_inspection_items" ADD CONSTRAINT "random_inspection_items_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "random_inspection_items_agency_idx" ON "random_inspection_items" USING btree ("agency_id","code");