import type { Command } from 'commander';
import { withRuntime } from './cli-support.js';
import { tenantActor, wholeNumber } from './dedupe-command.js';

/** `rapport demo --customers N`: realistic demo customers with contacts, in batches, with progress on stderr. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Add realistic demo customers with contacts (about 3% of them planted duplicates), in batches of 1000')
    .requiredOption('--customers <n>', 'how many customers to add', wholeNumber(1))
    .option('--seed <n>', 'the same seed makes the same customers (random by default)', wholeNumber(0))
    .option('--tenant <slug>', 'organisation short name, when the database hosts several')
    .action(async (opts: { customers: number; seed?: number; tenant?: string }) => {
      await withRuntime('demo', async ({ services }) => {
        const actor = await tenantActor(services, opts.tenant, 'rapport demo');
        const started = performance.now();
        let reportedTenth = 0;
        const result = await services.demo.createCustomersInBatches(actor, opts.customers, {
          seed: opts.seed,
          onProgress: (done) => {
            const rate = Math.round(done / ((performance.now() - started) / 1000));
            // A terminal shows a counter that moves; a log gets a line per tenth.
            if (process.stderr.isTTY)
              process.stderr.write(`\r${done} / ${opts.customers} customers (${rate}/s)${done === opts.customers ? '\n' : ''}`);
            else if (Math.floor((done * 10) / opts.customers) > reportedTenth) {
              reportedTenth = Math.floor((done * 10) / opts.customers);
              process.stderr.write(`${done} / ${opts.customers} customers (${rate}/s)\n`);
            }
          },
        });
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(
          `Added ${result.created} demo customers in ${seconds} s.` +
            (result.skipped ? ` ${result.skipped} generated records failed validation and were left out.` : ''),
        );
      });
    });
}
