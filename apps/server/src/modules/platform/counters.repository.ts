import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.js';

/**
 * Hands out `count` consecutive numbers of a tenant's counter and answers the first. The row lock
 * lasts until the caller's transaction ends; a rolled-back block leaves a gap, never a reuse.
 */
export async function takeNumbers(tx: Tx, tenantId: string, name: string, count = 1): Promise<number> {
  const rows = await queryRows<{ value: string | number }>(
    tx,
    sql`insert into counters (tenant_id, name, value) values (${tenantId}, ${name}, ${count})
        on conflict (tenant_id, name) do update set value = counters.value + ${count}
        returning value`,
  );
  return Number(rows[0]!.value) - count + 1;
}
