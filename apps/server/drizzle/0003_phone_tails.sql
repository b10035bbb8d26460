ALTER TABLE "customers" ADD COLUMN "phone_tails" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- The last 3 to 8 digits of each stored phone, as customer-record.ts phoneTailsOf derives them.
UPDATE "customers" SET "phone_tails" = ARRAY(
  SELECT DISTINCT right(digits.d, n)
    FROM unnest("phone_numbers") AS p(number)
    CROSS JOIN LATERAL (SELECT regexp_replace(split_part(p.number, ';ext=', 1), '\D', '', 'g') AS d) AS digits
    CROSS JOIN generate_series(3, 8) AS n
   WHERE length(digits.d) >= n)
 WHERE cardinality("phone_numbers") > 0;--> statement-breakpoint
CREATE INDEX "customers_phone_tails_idx" ON "customers" USING gin ("phone_tails");
