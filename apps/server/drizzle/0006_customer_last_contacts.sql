CREATE TABLE "customer_contacts" (
	"tenant_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"last_contact_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_contacts_tenant_id_customer_id_pk" PRIMARY KEY("tenant_id","customer_id")
);
--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD CONSTRAINT "customer_contacts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;