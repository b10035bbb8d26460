CREATE TABLE "notifications" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"link" text,
	"entity_type" text,
	"entity_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "notifications_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "cti_calls" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"call_id" text NOT NULL,
	"direction" text NOT NULL,
	"from_number" text NOT NULL,
	"to_number" text,
	"customer_number" text NOT NULL,
	"agent_user_id" uuid,
	"customer_id" uuid,
	"contact_id" uuid,
	"state" text NOT NULL,
	"ringing_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"interaction_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cti_calls_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "follow_up_plans" (
	"tenant_id" uuid NOT NULL,
	"tier" text NOT NULL,
	"interval_days" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"title" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follow_up_plans_tenant_id_tier_pk" PRIMARY KEY("tenant_id","tier")
);
--> statement-breakpoint
CREATE TABLE "interactions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"contact_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"channel" text NOT NULL,
	"direction" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"duration_seconds" integer,
	"subject" text,
	"summary" text,
	"outcome" text,
	"next_step" text,
	"location" jsonb,
	"external_id" text,
	"user_id" uuid,
	"branch_id" uuid,
	"follow_up_task_id" uuid,
	"mentioned_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "interactions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"title" text NOT NULL,
	"notes" text,
	"customer_id" uuid,
	"owner_id" uuid NOT NULL,
	"due_at" timestamp with time zone,
	"priority" text DEFAULT 'normal' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"remind_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"recurrence" jsonb,
	"source" text,
	"source_id" uuid,
	"completed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "tasks_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "timeline_entries" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"record_key" text,
	"event_id" uuid NOT NULL,
	"user_id" uuid,
	"branch_id" uuid,
	"channel" text,
	"direction" text,
	"title" text,
	"summary" text,
	"contact_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"hidden_at" timestamp with time zone,
	CONSTRAINT "timeline_entries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cti_calls" ADD CONSTRAINT "cti_calls_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_plans" ADD CONSTRAINT "follow_up_plans_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_tenant_id_user_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_tenant_id_owner_id_users_tenant_id_id_fk" FOREIGN KEY ("tenant_id","owner_id") REFERENCES "public"."users"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_entries" ADD CONSTRAINT "timeline_entries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("tenant_id","user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("tenant_id","user_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "cti_calls_call_uq" ON "cti_calls" USING btree ("tenant_id","call_id");--> statement-breakpoint
CREATE INDEX "cti_calls_agent_idx" ON "cti_calls" USING btree ("tenant_id","agent_user_id","created_at");--> statement-breakpoint
CREATE INDEX "interactions_customer_idx" ON "interactions" USING btree ("tenant_id","customer_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "interactions_user_idx" ON "interactions" USING btree ("tenant_id","user_id","occurred_at");--> statement-breakpoint
CREATE INDEX "interactions_occurred_idx" ON "interactions" USING btree ("tenant_id","occurred_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "interactions_external_uq" ON "interactions" USING btree ("tenant_id","channel","external_id") WHERE "interactions"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "tasks_owner_idx" ON "tasks" USING btree ("tenant_id","owner_id","status","due_at");--> statement-breakpoint
CREATE INDEX "tasks_customer_idx" ON "tasks" USING btree ("tenant_id","customer_id","status");--> statement-breakpoint
CREATE INDEX "tasks_remind_idx" ON "tasks" USING btree ("remind_at") WHERE "tasks"."reminded_at" is null and "tasks"."status" = 'open' and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "timeline_customer_idx" ON "timeline_entries" USING btree ("tenant_id","customer_id","occurred_at","id") WHERE "timeline_entries"."hidden_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "timeline_event_uq" ON "timeline_entries" USING btree ("tenant_id","event_id","customer_id") WHERE "timeline_entries"."record_key" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "timeline_record_uq" ON "timeline_entries" USING btree ("tenant_id","record_key") WHERE "timeline_entries"."record_key" is not null;