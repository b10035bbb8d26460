import { type Command, InvalidArgumentError } from 'commander';
import type { Services } from '../app.js';
import { AppError } from '../http/errors.js';
import { CliError, withRuntime } from './cli-support.js';

/** An administrator of the organisation named by --tenant, or of the only one: who CLI commands act as. */
export async function tenantActor(services: Services, slug: string | undefined, label: string) {
  const tenants = await services.tenants.list();
  const tenant = slug ? tenants.find((t) => t.slug === slug) : tenants.length === 1 ? tenants[0] : undefined;
  if (!tenant) {
    throw new CliError(
      slug
        ? `No organisation "${slug}".`
        : tenants.length === 0
          ? 'There is no organisation yet; create the first user with: rapport user create --role admin'
          : `Several organisations exist; choose one with --tenant (${tenants.map((t) => t.slug).join(', ')}).`,
    );
  }
  return services.tenants.adminActor(tenant.id, label);
}

/** A whole number from an option, at least `min` and at most `max`. */
export const wholeNumber =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
    return n;
  };

/** Shows a fraction done on a terminal; logs stay free of carriage-return noise. */
function progressLine(label: string) {
  return (fraction: number) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${label} ${Math.round(fraction * 100)}%${fraction >= 1 ? '\n' : ''}`);
  };
}

/** `rapport dedupe`: the duplicate scan of the web UI, run in this process, with the best groups printed. */
export function registerDedupeCommand(program: Command): void {
  program
    .command('dedupe')
    .description(
      'Scan all customers for likely duplicates (the same scan as the web UI) and list the best groups; merge them in the web UI',
    )
    .option('--tenant <slug>', 'organisation short name, when the database hosts several')
    .option(
      '--min-score <n>',
      'leave out pairs scoring less (external code 95, phone 90, email 85, same name 55 … 100)',
      wholeNumber(0, 100),
    )
    .option('--top <n>', 'how many groups to list', wholeNumber(0, 200), 20)
    .action(async (opts: { tenant?: string; minScore?: number; top: number }) => {
      await withRuntime('dedupe', async ({ services }) => {
        const actor = await tenantActor(services, opts.tenant, 'rapport dedupe');
        const started = performance.now();
        const summary = await services.duplicates
          .scanNow(actor, { minScore: opts.minScore, onProgress: progressLine('scanning') })
          .catch((e: unknown) => {
            if (e instanceof AppError && e.extra.reason === 'duplicate_scan_running') throw new CliError(e.message, 3);
            throw e;
          });
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(
          `Compared ${summary.customers} customers in ${seconds} s: ${summary.groups} groups of likely duplicates` +
            (summary.cappedGroups ? ` (${summary.cappedGroups} cut down to their size limit)` : '') +
            '.',
        );
        if (summary.skippedBlockCount) {
          console.log(`${summary.skippedBlockCount} values are shared by too many customers to compare them; the largest:`);
          for (const b of summary.skippedBlocks.slice(0, 10)) console.log(`  ${b.reason}\t${b.value}\t${b.size} customers`);
        }
        if (opts.top === 0 || summary.groups === 0) return;
        const top = await services.duplicates.list(actor, { limit: opts.top });
        console.log(`Best ${top.data.length}:`);
        for (const group of top.data) {
          console.log(`  ${group.score}\t${group.reasons.join(', ')}\t${group.customers.map((c) => `${c.code} ${c.name}`).join('  ·  ')}`);
        }
      });
    });
}
