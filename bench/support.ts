/** What the benchmarks share: statistics, an API token made the way a new user would, a scratch PostgreSQL database, the results file. */
import fs from 'node:fs';
import path from 'node:path';
import { createScratchDatabase } from '../apps/server/src/db/scratch-database.js';

/** Progress on stderr, with the time: the tables go to stdout. */
export const log = (...args: unknown[]) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...args);
export const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

/**
 * Runs `bench` on a new database made on the PostgreSQL server `serverUrl` and drops it afterwards
 * (kept with BENCH_KEEP_DATABASE, to look at its plans). Answers undefined, after saying so, when no
 * server answers: the PostgreSQL half is then skipped.
 */
export async function onScratchPostgres<R>(serverUrl: string, bench: (url: string) => Promise<R>): Promise<R | undefined> {
  const scratch = await createScratchDatabase(serverUrl, 'rapport_bench').catch((e: unknown) => {
    log(`Skipping PostgreSQL: no server answers at ${serverUrl} (${(e as Error).message}). Set BENCH_DATABASE_URL to use another.`);
    return undefined;
  });
  if (!scratch) return undefined;
  try {
    return await bench(scratch.url);
  } finally {
    if (process.env.BENCH_KEEP_DATABASE) log(`kept the loaded database: ${scratch.url}`);
    else await scratch.drop();
  }
}

/** Writes bench/results/<name>.json: when, on what, with which settings, and the results. */
export async function writeResults(name: string, settings: object, results: unknown[]): Promise<void> {
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, `${name}.json`),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, machine: await machine(), settings, results }, null, 2)}\n`,
  );
}

export const median = (values: number[]) => percentile(values, 50);

/** Nearest-rank percentile of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50 && sorted.length % 2 === 0) return (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Sets up the organisation through the API, as a browser would, and makes an admin API token. */
export async function apiToken(url: string): Promise<string> {
  const setup = await fetch(`${url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organisationName: 'Bench Co', name: 'Bench Admin', email: 'bench@example.com', password: 'Correct-Horse-42' }),
  });
  if (setup.status !== 201) throw new Error(`set-up answered ${setup.status}: ${await setup.text()}`);
  const cookies = Object.fromEntries(setup.headers.getSetCookie().map((c) => c.split(';')[0]!.split('=') as [string, string]));
  const session = {
    cookie: Object.entries(cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
    'x-csrf-token': cookies.rapport_csrf!,
  };
  const roles = (await (await fetch(`${url}/api/v1/roles`, { headers: session })).json()) as { data: { id: string; key: string }[] };
  const created = await fetch(`${url}/api/v1/api-tokens`, {
    method: 'POST',
    headers: { ...session, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', roleId: roles.data.find((r) => r.key === 'admin')!.id }),
  });
  if (created.status !== 201) throw new Error(`creating the API token answered ${created.status}: ${await created.text()}`);
  return ((await created.json()) as { token: string }).token;
}

export const machine = async () => {
  const os = await import('node:os');
  return { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) };
};
