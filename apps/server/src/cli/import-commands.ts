import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { Services } from '../app.js';
import { type Actor, findUserByEmail } from '../modules/identity/index.js';
import { writeExport } from '../modules/customers/export-file.js';
import { type ImportSettings, MATCH_RULES, type PublicImport } from '../modules/customers/imports.service.js';
import type { ImportMode, MatchRule } from '../modules/customers/customers.tables.js';
import { CliError, withRuntime } from './cli-support.js';

const MODES: ImportMode[] = ['create_and_update', 'create_only', 'update_only'];
const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'big5'] as const;
/** Without a terminal (a log file, CI), a progress line this often rather than one per batch. */
const LOG_EVERY_MS = 5000;

type ImportOptions = {
  mapping?: string;
  match: string;
  mode: ImportMode;
  encoding?: (typeof ENCODINGS)[number];
  dryRun?: boolean;
  as?: string;
  tenant?: string;
};

/** `rapport import customers FILE`: the import of the web UI, run in this process with progress on stderr. */
export function registerImportCommands(program: Command): void {
  const imports = program.command('import').description('Import data from files');
  imports
    .command('customers')
    .description('Import customers from a CSV or Excel (.xlsx) file, matching existing customers instead of duplicating them')
    .argument('<file>', 'the file; its encoding (UTF-8, GBK/GB18030, Big5, UTF-16) is detected')
    .option(
      '--mapping <name|file.json>',
      'a mapping saved in the web UI, or a JSON file of {"<header>": "<field>"}; default: suggested from the headers',
    )
    .option('--match <rules>', `rules to find existing customers by, in order (${MATCH_RULES.join(',')})`, MATCH_RULES.join(','))
    .addOption(new Option('--mode <mode>', 'what to do with matching and new rows').choices(MODES).default('create_and_update'))
    .addOption(new Option('--encoding <encoding>', 'read the file in this encoding instead of the detected one').choices([...ENCODINGS]))
    .option('--dry-run', 'check every row and report what would happen, saving nothing')
    .option('--as <email>', 'import as this user: their permissions, and they own new customers (default: the first administrator)')
    .option('--tenant <slug>', 'organisation short name, when the database hosts several')
    .addHelpText(
      'after',
      `
Rows the import refuses are written to <file>.errors.csv (row, column, value, reason).
Exit codes: 0 the import ran, even if it refused some rows; 1 interrupted or an unexpected error;
2 a bad file or bad arguments; 3 the database is busy; 4 refused by a permission.`,
    )
    .action(async (file: string, opts: ImportOptions) => {
      if (!existsSync(file)) throw new CliError(`There is no file ${file}.`);
      const matchBy = parseMatchRules(opts.match);
      await withRuntime('import customers', async ({ services }) => {
        const actor = await importingActor(services, opts);
        const byHeader = opts.mapping ? await mappingByHeader(services, actor, opts.mapping) : undefined;
        const created = await services.imports.createFromFile(actor, file);
        const settings: ImportSettings = { matchBy, mode: opts.mode, dryRun: opts.dryRun ?? false };
        if (opts.encoding) settings.encoding = opts.encoding;
        const configured = await services.imports.update(actor, created.id, settings);
        if (byHeader) await services.imports.update(actor, created.id, { mapping: forHeaders(byHeader, configured.headers) });
        const mapped = (await services.imports.get(actor, created.id)).mapping;
        describeMapping(configured.headers, mapped);
        await services.imports.start(actor, created.id, { background: false });
        const interrupt = () => void services.imports.cancel(actor, created.id).catch(() => undefined);
        process.once('SIGINT', interrupt);
        const progress = progressPrinter();
        let result: PublicImport | undefined;
        try {
          result = await services.imports.run(actor.tenantId, created.id, { actor, onBatch: progress.print });
        } finally {
          process.off('SIGINT', interrupt);
          progress.end();
        }
        const final = result ?? (await services.imports.get(actor, created.id));
        await report(services, actor, file, final);
      });
    });
}

function parseMatchRules(text: string): MatchRule[] {
  const rules = text
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = rules.filter((r) => !(MATCH_RULES as readonly string[]).includes(r));
  if (unknown.length) throw new CliError(`Unknown match rule ${unknown.join(', ')}: use some of ${MATCH_RULES.join(',')}.`);
  return rules as MatchRule[];
}

async function importingActor(services: Services, opts: ImportOptions): Promise<Actor> {
  const tenants = await services.tenants.list();
  const tenant = opts.tenant ? tenants.find((t) => t.slug === opts.tenant) : tenants.length === 1 ? tenants[0] : undefined;
  if (!tenant) {
    throw new CliError(
      opts.tenant
        ? `No organisation "${opts.tenant}".`
        : tenants.length === 0
          ? 'There is no organisation yet: create the first user with `rapport user create --role admin`.'
          : `Several organisations exist; choose one with --tenant (${tenants.map((t) => t.slug).join(', ')}).`,
    );
  }
  if (!opts.as) return services.tenants.adminActor(tenant.id, 'cli import');
  const email = opts.as;
  const user = await services.database.withTenant(tenant.id, (tx) => findUserByEmail(tx, tenant.id, email));
  if (!user) throw new CliError(`No user ${email} in "${tenant.name}".`);
  return services.imports.actorOfUser(tenant.id, user.id);
}

/** A saved mapping (by name) or a JSON file, as column header → field. */
async function mappingByHeader(services: Services, actor: Actor, source: string): Promise<Record<string, string | null>> {
  let byHeader: Record<string, string | null>;
  if (source.toLowerCase().endsWith('.json')) {
    if (!existsSync(source)) throw new CliError(`There is no mapping file ${source}.`);
    try {
      byHeader = JSON.parse(readFileSync(source, 'utf8')) as Record<string, string | null>;
    } catch (error) {
      throw new CliError(`${source} is not valid JSON: ${(error as Error).message}`);
    }
    if (!byHeader || typeof byHeader !== 'object' || Array.isArray(byHeader)) {
      throw new CliError(`${source} must be a JSON object of "<column header>": "<field>".`);
    }
  } else {
    const saved = (await services.imports.mappings(actor)).data.find((m) => m.name === source);
    if (!saved) throw new CliError(`There is no saved mapping "${source}" (save one in the web UI, or pass a .json file).`);
    byHeader = Object.fromEntries(saved.headers.map((h, i) => [h, saved.mapping[String(i)] ?? null]));
  }
  return byHeader;
}

/** Header → field as column index → field for this file: by header (any case), else by a column number given as the key. */
function forHeaders(byHeader: Record<string, string | null>, headers: string[]): Record<string, string | null> {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  const mapping: Record<string, string | null> = {};
  headers.forEach((header, i) => {
    const key = Object.keys(byHeader).find((k) => same(k, header)) ?? (String(i) in byHeader ? String(i) : undefined);
    mapping[String(i)] = key === undefined ? null : (byHeader[key] ?? null);
  });
  return mapping;
}

function describeMapping(headers: string[], mapping: Record<string, string | null>) {
  const lines = headers.map((h, i) => `  ${h || `(column ${i + 1})`} → ${mapping[String(i)] ?? '(skipped)'}`);
  process.stderr.write(`Columns:\n${lines.join('\n')}\n`);
}

const count = (n: number) => new Intl.NumberFormat('en-US').format(n);

function duration(seconds: number) {
  const s = Math.round(seconds);
  return s < 60
    ? `${s} s`
    : s < 3600
      ? `${Math.floor(s / 60)} min ${s % 60} s`
      : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** One line that updates in place on a terminal; a line every few seconds otherwise. */
function progressPrinter() {
  const tty = process.stderr.isTTY;
  let lastLog = 0;
  let shown = false;
  return {
    print: (p: PublicImport) => {
      const total = p.totalRows ? ` / ~${count(p.totalRows)}` : '';
      const rate = p.rate ? ` · ${count(Math.round(p.rate))} rows/s` : '';
      const left = p.etaSeconds !== null ? ` · ${duration(p.etaSeconds)} left` : '';
      const line = `${count(p.processedRows)}${total} rows${rate}${left} · ${count(p.created)} created, ${count(p.updated)} updated, ${count(p.failed)} refused`;
      if (tty) {
        process.stderr.write(`\r${line}\x1b[K`);
        shown = true;
      } else if (Date.now() - lastLog >= LOG_EVERY_MS) {
        process.stderr.write(`${line}\n`);
        lastLog = Date.now();
      }
    },
    end: () => {
      if (shown) process.stderr.write('\n');
    },
  };
}

async function report(services: Services, actor: Actor, file: string, p: PublicImport) {
  const seconds = p.startedAt && p.finishedAt ? (Date.parse(p.finishedAt) - Date.parse(p.startedAt)) / 1000 : 0;
  const what = p.dryRun ? 'Dry run of' : 'Imported';
  console.log(
    `${what} ${p.fileName}: ${count(p.processedRows)} rows in ${duration(seconds)} — ${count(p.created)} created, ${count(p.updated)} updated, ${count(p.failed)} refused.`,
  );
  if (p.dryRun) console.log('Dry run: nothing was saved.');
  if (p.failed > 0) {
    const target = `${file}.errors.csv`;
    const columns = ['row', 'column', 'value', 'reason'].map((key) => ({ key, header: key }));
    await writeExport(services.imports.errorReport(actor, p.id), columns, 'csv', createWriteStream(target));
    console.log(`The refused rows, each with its reason, are in ${target}.`);
  }
  if (p.status === 'cancelled') throw new CliError('Interrupted: the rows committed before stay imported.', 1);
  if (p.status === 'failed') throw new CliError(p.error ?? 'The import failed.', 2);
}
