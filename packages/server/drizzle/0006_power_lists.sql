CREATE TABLE "power_item_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"effective_date" date NOT NULL,
	"reason" text NOT NULL,
	"document_no" text,
	"item_codes" text[] NOT NULL,
	"result_item_code" text,
	"target_agency_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"actor" text NOT NULL,
	"actor_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "power_item_changes_kind_ck" CHECK ("power_item_changes"."kind" in ('add','adjust','cancel','delegate','merge'))
);
--> statement-breakpoint
CREATE TABLE "power_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"item_code" text NOT NULL,
	"name" text NOT NULL,
	"action_type" text NOT NULL,
	"domain" text,
	"basis_law" text NOT NULL,
	"basis_article" text NOT NULL,
	"basis_text" text,
	"procedure" text,
	"time_limit_days" integer,
	"time_limit_working_days" boolean DEFAULT true NOT NULL,
	"remedy" text,
	"supervision" text,
	"note" text,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"start_change_id" uuid NOT NULL,
	"end_change_id" uuid,
	CONSTRAINT "power_items_period_ck" CHECK ("power_items"."effective_to" is null or "power_items"."effective_to" > "power_items"."effective_from"),
	CONSTRAINT "power_items_action_type_ck" CHECK ("power_items"."action_type" in ('permit','penalty','coercion','inspection','levy','requisition','fee','reward','confirmation'))
);
--> statement-breakpoint
CREATE TABLE "discretion_tiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"item_code" text NOT NULL,
	"tier_order" integer NOT NULL,
	"circumstance" text NOT NULL,
	"measure" text NOT NULL,
	"min_amount" double precision,
	"max_amount" double precision,
	"other_measure" text,
	"basis" text
);
--> statement-breakpoint
ALTER TABLE "power_item_changes" ADD CONSTRAINT "power_item_changes_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "power_items" ADD CONSTRAINT "power_items_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "power_items" ADD CONSTRAINT "power_items_start_change_id_power_item_changes_id_fk" FOREIGN KEY ("start_change_id") REFERENCES "public"."power_item_changes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "power_items" ADD CONSTRAINT "power_items_end_change_id_power_item_changes_id_fk" FOREIGN KEY ("end_change_id") REFERENCES "public"."power_item_changes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discretion_tiers" ADD CONSTRAINT "discretion_tiers_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "power_item_changes_agency_idx" ON "power_item_changes" USING btree ("agency_id","effective_date");--> statement-breakpoint
CREATE INDEX "power_items_asof_idx" ON "power_items" USING btree ("agency_id","item_code","effective_from");--> statement-breakpoint
CREATE INDEX "power_items_code_idx" ON "power_items" USING btree ("item_code");--> statement-breakpoint
CREATE UNIQUE INDEX "power_items_open_uq" ON "power_items" USING btree ("agency_id","item_code") WHERE effective_to is null;--> statement-breakpoint
CREATE UNIQUE INDEX "discretion_tiers_item_uq" ON "discretion_tiers" USING btree ("agency_id","item_code","tier_order");