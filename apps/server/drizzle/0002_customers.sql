-- Trigram search on customer names, phones and codes (DESIGN §3); PGlite loads the same extension.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "counters" (
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"value" bigint NOT NULL,
	CONSTRAINT "counters_tenant_id_name_pk" PRIMARY KEY("tenant_id","name")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"name_pinyin" text DEFAULT '' NOT NULL,
	"title" text,
	"role" text,
	"influence" text,
	"phones" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"emails" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"phone_numbers" text[] DEFAULT '{}' NOT NULL,
	"email_addresses" text[] DEFAULT '{}' NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"birthday" date,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "contacts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "custom_fields" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"key" text NOT NULL,
	"label" text NOT NULL,
	"type" text NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "custom_fields_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "customer_handovers" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"from_owner_id" uuid,
	"to_owner_id" uuid,
	"from_branch_id" uuid,
	"to_branch_id" uuid,
	"reason" text,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_handovers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "customer_import_errors" (
	"tenant_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"seq" integer NOT NULL,
	"column" text,
	"value" text,
	"reason" text NOT NULL,
	CONSTRAINT "customer_import_errors_tenant_id_import_id_row_number_seq_pk" PRIMARY KEY("tenant_id","import_id","row_number","seq")
);
--> statement-breakpoint
CREATE TABLE "customer_imports" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_path" text NOT NULL,
	"file_size" integer NOT NULL,
	"format" text NOT NULL,
	"encoding" text,
	"detected_encoding" text,
	"headers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"match_by" jsonb DEFAULT '["code","external_code","phone","email"]'::jsonb NOT NULL,
	"mode" text DEFAULT 'create_and_update' NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"total_rows" integer,
	"committed_row" integer DEFAULT 1 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" uuid NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "customer_imports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "customer_merges" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"survivor_id" uuid NOT NULL,
	"merged_ids" uuid[] NOT NULL,
	"survivor_before" jsonb NOT NULL,
	"moved" jsonb NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"undone_at" timestamp with time zone,
	CONSTRAINT "customer_merges_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "customer_views" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "customer_views_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"name_entered" text NOT NULL,
	"name_key" text NOT NULL,
	"name_pinyin" text DEFAULT '' NOT NULL,
	"name_initials" text DEFAULT '' NOT NULL,
	"gender" text,
	"birthday" date,
	"website" text,
	"phones" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"emails" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"phone_numbers" text[] DEFAULT '{}' NOT NULL,
	"email_addresses" text[] DEFAULT '{}' NOT NULL,
	"address" jsonb,
	"delivery_address" jsonb,
	"invoice_address" jsonb,
	"country" text,
	"province" text,
	"city" text,
	"external_codes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"external_keys" text[] DEFAULT '{}' NOT NULL,
	"industry" text,
	"customer_type" text,
	"source" text,
	"purchase_class" text,
	"tier" text,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"owner_id" uuid,
	"branch_id" uuid,
	"currency" text,
	"payment_terms" text,
	"discount_terms" text,
	"tax_rule" text,
	"commission_code" text,
	"quotation_notes" text,
	"bank_account" text,
	"credit_limit" numeric(18, 2),
	"payment_record" text,
	"profile" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"custom" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"notes" text,
	"search_text" text NOT NULL,
	"merged_into" uuid,
	"import_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "customers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "duplicate_groups" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_ids" uuid[] NOT NULL,
	"score" real NOT NULL,
	"reasons" text[] NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"capped" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duplicate_groups_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "duplicate_scans" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"status" text NOT NULL,
	"scope" jsonb NOT NULL,
	"min_score" integer DEFAULT 0 NOT NULL,
	"progress" real DEFAULT 0 NOT NULL,
	"customers" integer DEFAULT 0 NOT NULL,
	"groups" integer DEFAULT 0 NOT NULL,
	"skipped_blocks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"created_by" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"heartbeat_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "duplicate_scans_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "import_mappings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"headers" jsonb NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "import_mappings_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "default_phone_region" text DEFAULT 'CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "counters" ADD CONSTRAINT "counters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custom_fields" ADD CONSTRAINT "custom_fields_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_handovers" ADD CONSTRAINT "customer_handovers_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_import_errors" ADD CONSTRAINT "customer_import_errors_tenant_id_import_id_customer_imports_tenant_id_id_fk" FOREIGN KEY ("tenant_id","import_id") REFERENCES "public"."customer_imports"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD CONSTRAINT "customer_imports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_merges" ADD CONSTRAINT "customer_merges_tenant_id_survivor_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","survivor_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_views" ADD CONSTRAINT "customer_views_tenant_id_owner_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","owner_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_tenant_id_owner_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","owner_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_tenant_id_branch_id_org_units_tenant_id_id_fk" FOREIGN KEY ("tenant_id","branch_id") REFERENCES "public"."org_units"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_groups" ADD CONSTRAINT "duplicate_groups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_scans" ADD CONSTRAINT "duplicate_scans_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contacts_customer_idx" ON "contacts" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "contacts_phones_idx" ON "contacts" USING gin ("phone_numbers");--> statement-breakpoint
CREATE UNIQUE INDEX "custom_fields_key_uq" ON "custom_fields" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE INDEX "customer_handovers_customer_idx" ON "customer_handovers" USING btree ("tenant_id","customer_id","at");--> statement-breakpoint
CREATE INDEX "customer_merges_survivor_idx" ON "customer_merges" USING btree ("tenant_id","survivor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_code_uq" ON "customers" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE INDEX "customers_name_key_idx" ON "customers" USING btree ("tenant_id","name_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_name_order_idx" ON "customers" USING btree ("tenant_id","name_key","id");--> statement-breakpoint
CREATE INDEX "customers_initials_idx" ON "customers" USING btree ("tenant_id","name_initials" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_pinyin_idx" ON "customers" USING btree ("tenant_id","name_pinyin" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_search_trgm_idx" ON "customers" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_phones_idx" ON "customers" USING gin ("phone_numbers") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "customers_emails_idx" ON "customers" USING gin ("email_addresses") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "customers_external_idx" ON "customers" USING gin ("external_keys") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "customers_tags_idx" ON "customers" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "customers_custom_idx" ON "customers" USING gin ("custom" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "customers_owner_idx" ON "customers" USING btree ("tenant_id","owner_id","id");--> statement-breakpoint
CREATE INDEX "customers_branch_idx" ON "customers" USING btree ("tenant_id","branch_id","id");--> statement-breakpoint
CREATE INDEX "customers_updated_idx" ON "customers" USING btree ("tenant_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "customers_created_idx" ON "customers" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "customers_tier_idx" ON "customers" USING btree ("tenant_id","tier","id");--> statement-breakpoint
CREATE INDEX "customers_region_idx" ON "customers" USING btree ("tenant_id","province","city");--> statement-breakpoint
CREATE INDEX "duplicate_groups_score_idx" ON "duplicate_groups" USING btree ("tenant_id","status","score","id");--> statement-breakpoint
CREATE INDEX "duplicate_scans_started_idx" ON "duplicate_scans" USING btree ("tenant_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "import_mappings_name_uq" ON "import_mappings" USING btree ("tenant_id","name");