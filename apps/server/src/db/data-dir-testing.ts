import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { openRuntime } from '../runtime.js';
import { queryRows, type Database } from './client.js';
import { TEST_PASSWORD } from './testing.js';

/**
 * Test support for the commands that work on a whole embedded data directory (backup, restore,
 * db copy): a populated installation in a temporary directory, and a way to compare databases.
 */

/** A new empty directory under the system's temporary directory; the caller removes it. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rapport-${prefix}-`));
}

/** The configuration of an embedded installation in `dataDir`, whatever the environment says. */
export function embeddedConfig(dataDir: string) {
  return { ...loadConfig(), dataDir, databaseUrl: undefined, jobs: false };
}

/**
 * Sets up an organisation in `dataDir` the way a user would: org units under one another, users
 * with roles and a manager, an API token; the services write the audit log and events beside.
 * The manager is changed after their report is created, so the report's row (which references
 * the manager's) comes first on disk: copying in storage order meets the reference before its target.
 */
export async function populateDataDir(dataDir: string): Promise<void> {
  const runtime = await openRuntime(embeddedConfig(dataDir), 'test');
  const { services } = runtime;
  try {
    const { tenant } = await services.tenants.setup({
      organisationName: '示例贸易 Sample Trading',
      admin: { name: 'Admin', email: 'admin@example.com', password: TEST_PASSWORD },
    });
    const admin = await services.tenants.adminActor(tenant.id, 'test');
    const roles = await services.organisation.listRoles(admin);
    const roleId = (key: string) => roles.find((r) => r.key === key)!.id;
    const [company] = await services.organisation.listOrgUnits(admin);
    const branch = await services.organisation.createOrgUnit(admin, {
      name: '上海分公司',
      kind: 'branch',
      parentId: company!.id,
      code: 'SH',
    });
    const team = await services.organisation.createOrgUnit(admin, { name: 'Team A', kind: 'team', parentId: branch.id });
    const manager = await services.users.create(admin, {
      email: 'manager@example.com',
      name: '王经理',
      password: TEST_PASSWORD,
      roleIds: [roleId('manager')],
      orgUnitId: branch.id,
    });
    await services.users.create(admin, {
      email: 'rep@example.com',
      name: "Zhang 'San'",
      password: TEST_PASSWORD,
      roleIds: [roleId('sales_rep')],
      orgUnitId: team.id,
      managerId: manager.id,
    });
    await services.users.update(admin, manager.id, { phone: '+86 21 5555 0100' });
    await services.apiTokens.create(admin, { name: 'ERP integration', roleId: roleId('admin') });
  } finally {
    await runtime.close();
  }
}

/** Every row of every table of the public schema, as JSON text in a fixed order: equal when the data is. */
export async function tableContents(database: Database): Promise<Record<string, string[]>> {
  return database.system(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    const tables = await queryRows<{ name: string }>(
      tx,
      sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
    );
    const contents: Record<string, string[]> = {};
    for (const { name } of tables) {
      const rows = await queryRows<{ json: string }>(
        tx,
        sql`select to_json(t)::text as json from ${sql.identifier('public')}.${sql.identifier(name)} t`,
      );
      contents[name] = rows.map((r) => r.json).sort();
    }
    return contents;
  });
}
