import { Command, Option } from 'commander';
import { VERSION } from '../app.js';
import { loadConfig } from '../config.js';
import { migrateDatabase } from '../db/migrate.js';
import { startServer } from '../main.js';
import { LOCALES, type Locale } from '../modules/identity/tenants.service.js';
import { CliError, promptSecret, reportError, withRuntime } from './cli-support.js';
import { registerDataCommands } from './data-commands.js';
import { registerCtiCommands } from './cti-command.js';
import { registerDedupeCommand } from './dedupe-command.js';
import { registerDemoCommand } from './demo-command.js';
import { registerImportCommands } from './import-commands.js';

const program = new Command('rapport')
  .description(
    'Rapport CRM: run the server and manage an installation.\nThe database is the embedded one in RAPPORT_DATA_DIR (./data), or PostgreSQL when DATABASE_URL is set.',
  )
  .version(VERSION)
  .showHelpAfterError()
  .configureOutput({ outputError: (str, write) => write(str) })
  // Throw instead of exiting, so reportError gives usage errors exit code 2; subcommands inherit it.
  .exitOverride();

program
  .command('serve')
  .description('Serve the web UI and the API (PORT, HOST; default http://127.0.0.1:3000)')
  .action(async () => {
    const server = await startServer(loadConfig());
    console.log(`Rapport is running at ${server.url}  (Ctrl+C stops it)`);
    const shutdown = () => {
      console.log('Stopping…');
      server.stop().then(
        () => process.exit(0),
        (e: unknown) => {
          console.error(e);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

program
  .command('migrate')
  .description('Apply database migrations (the server also does this when it starts)')
  .action(async () => {
    await withRuntime(
      'migrate',
      async (rt) => {
        const { applied } = await migrateDatabase(rt.database);
        console.log(applied ? `Applied ${applied} migrations.` : 'The database is up to date.');
      },
      { migrate: false },
    );
  });

const user = program.command('user').description('Manage users');
user
  .command('create')
  .description('Create a user; on a new installation, the first administrator and the organisation')
  .requiredOption('--email <email>', 'sign-in email')
  .option('--password <password>', 'password (asked for when omitted and a terminal is attached)')
  .option('--name <name>', 'display name (default: the email name)')
  .addOption(
    new Option('--role <role>', 'built-in role')
      .choices(['admin', 'manager', 'sales_rep', 'service_agent', 'marketing'])
      .default('sales_rep'),
  )
  .option('--org <name>', 'organisation name, when this creates the first user', 'My company')
  .option('--tenant <slug>', 'organisation short name, when the database hosts several')
  .addOption(new Option('--locale <locale>', 'UI language').choices([...LOCALES]))
  .action(
    async (opts: { email: string; password?: string; name?: string; role: string; org: string; tenant?: string; locale?: Locale }) => {
      const password = opts.password ?? (await promptSecret(`Password for ${opts.email}: `));
      const name = opts.name ?? opts.email.split('@')[0]!;
      await withRuntime('user create', async ({ services }) => {
        if (await services.tenants.setupNeeded()) {
          if (opts.role !== 'admin') throw new CliError('The first user must be an administrator: add --role admin.');
          const { tenant } = await services.tenants.setup({
            organisationName: opts.org,
            admin: { name, email: opts.email, password, locale: opts.locale },
          });
          console.log(`Created the organisation "${tenant.name}" (${tenant.slug}) and its administrator ${opts.email}.`);
          return;
        }
        const tenants = await services.tenants.list();
        const tenant = opts.tenant ? tenants.find((t) => t.slug === opts.tenant) : tenants.length === 1 ? tenants[0] : undefined;
        if (!tenant)
          throw new CliError(
            opts.tenant
              ? `No organisation "${opts.tenant}".`
              : `Several organisations exist; choose one with --tenant (${tenants.map((t) => t.slug).join(', ')}).`,
          );
        const actor = await services.tenants.adminActor(tenant.id, 'cli');
        const roles = await services.organisation.listRoles(actor);
        const role = roles.find((r) => r.key === opts.role)!;
        await services.users.create(actor, { email: opts.email, name, password, roleIds: [role.id], locale: opts.locale });
        console.log(`Created ${opts.role} ${opts.email} in "${tenant.name}".`);
      });
    },
  );

const tenant = program.command('tenant').description('Organisations hosted by this installation (several on PostgreSQL)');
tenant
  .command('list')
  .description('List organisations')
  .action(async () => {
    await withRuntime('tenant list', async ({ services }) => {
      for (const t of await services.tenants.list()) console.log(`${t.slug}\t${t.name}\t${t.id}`);
    });
  });
tenant
  .command('create')
  .description('Add an organisation with its own administrator')
  .requiredOption('--name <name>', 'organisation name')
  .option('--slug <slug>', 'short name used at sign-in')
  .requiredOption('--admin-email <email>', 'administrator email')
  .option('--admin-password <password>', 'administrator password (asked for when omitted)')
  .option('--admin-name <name>', 'administrator name')
  .action(async (opts: { name: string; slug?: string; adminEmail: string; adminPassword?: string; adminName?: string }) => {
    const password = opts.adminPassword ?? (await promptSecret(`Password for ${opts.adminEmail}: `));
    await withRuntime('tenant create', async ({ services, database }) => {
      // One process owns the embedded database, so it serves one organisation; hosting several is PostgreSQL's job.
      if (database.kind === 'pglite' && !(await services.tenants.setupNeeded())) {
        throw new CliError('The embedded database holds one organisation. Move to PostgreSQL (rapport db copy --to …) to host several.', 4);
      }
      const { tenant: t } = await services.tenants.create({
        organisationName: opts.name,
        slug: opts.slug,
        admin: { name: opts.adminName ?? opts.adminEmail.split('@')[0]!, email: opts.adminEmail, password },
      });
      console.log(`Created "${t.name}" (${t.slug}) with administrator ${opts.adminEmail}.`);
    });
  });

registerDataCommands(program);
registerDedupeCommand(program);
registerCtiCommands(program);
registerDemoCommand(program);
registerImportCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.exitCode = reportError(err);
});
