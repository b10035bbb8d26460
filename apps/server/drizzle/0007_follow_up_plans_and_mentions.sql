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
ALTER TABLE "interactions" ADD COLUMN "mentioned_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "follow_up_plans" ADD CONSTRAINT "follow_up_plans_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;