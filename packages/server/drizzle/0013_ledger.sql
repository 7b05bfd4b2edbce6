CREATE TABLE "ledger_checkpoints" (
	"size" bigint PRIMARY KEY NOT NULL,
	"root" "bytea" NOT NULL,
	"note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chain" text,
	"seq" integer,
	"kind" text NOT NULL,
	"salt" "bytea" NOT NULL,
	"body" text NOT NULL,
	"commitment" "bytea" NOT NULL,
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_commitment_unique" UNIQUE("commitment")
);
--> statement-breakpoint
CREATE TABLE "ledger_leaves" (
	"idx" bigint PRIMARY KEY NOT NULL,
	"entry_id" bigint NOT NULL,
	"hash" "bytea" NOT NULL,
	CONSTRAINT "ledger_leaves_entry_id_unique" UNIQUE("entry_id")
);
--> statement-breakpoint
CREATE TABLE "ledger_nodes" (
	"level" smallint NOT NULL,
	"idx" bigint NOT NULL,
	"hash" "bytea" NOT NULL,
	CONSTRAINT "ledger_nodes_level_idx_pk" PRIMARY KEY("level","idx")
);
--> statement-breakpoint
ALTER TABLE "ledger_leaves" ADD CONSTRAINT "ledger_leaves_entry_id_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_checkpoints_created_idx" ON "ledger_checkpoints" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_chain_seq_uq" ON "ledger_entries" USING btree ("chain","seq") WHERE "ledger_entries"."chain" is not null;--> statement-breakpoint
CREATE INDEX "ledger_entries_xid_idx" ON "ledger_entries" USING btree ("xid","id");