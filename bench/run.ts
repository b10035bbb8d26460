/**
 * `npm run bench`: requests per second and latency of the real server, on the embedded database
 * (PGlite) and on PostgreSQL. Two endpoints: GET /api/health (HTTP stack plus `select 1`: the
 * baseline) and GET /api/v1/users/me with an API token (authentication, permissions and the
 * account's data: what every API call pays). Their ratio says how much an authenticated call
 * costs over the bare stack, which is steadier across machines than either figure alone.
 *
 * Environment: BENCH_DATABASE_URL (a PostgreSQL server to make a scratch database on; default
 * postgres://postgres@127.0.0.1:5432/postgres), BENCH_SECONDS (per run, 10), BENCH_RUNS (3),
 * BENCH_CONNECTIONS (50), BENCH_WARMUP_SECONDS (3).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig, type Config } from '../apps/server/src/config.js';
import { startServer } from '../apps/server/src/main.js';
import { apiToken, median, onScratchPostgres, writeResults } from './support.js';

const settings = {
  seconds: Number(process.env.BENCH_SECONDS ?? 10),
  runs: Number(process.env.BENCH_RUNS ?? 3),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
};
const postgresServer = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

type Endpoint = { name: string; path: string; headers: Record<string, string> };
type Figures = { requestsPerSecond: number; p50Ms: number; p99Ms: number };
type Measurement = { endpoint: string; runs: Figures[]; median: Figures };
/** `ratio`: users/me requests per second ÷ health requests per second. */
type DatabaseResult = { database: 'pglite' | 'postgres'; measurements: Measurement[]; ratio: number };

/** One autocannon run. The load comes from a worker thread, so it does not share the server's event loop. */
async function load(url: string, endpoint: Endpoint, seconds: number): Promise<Figures> {
  const result = await autocannon({
    url: url + endpoint.path,
    headers: endpoint.headers,
    connections: settings.connections,
    duration: seconds,
    workers: 1,
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0)
    throw new Error(`${endpoint.name}: ${failed} of ${result.requests.total} requests failed (errors, timeouts or non-2xx answers)`);
  // autocannon stops with requests in flight, which the server still works through. A health
  // check queues behind them for the database, so once it answers the next run starts clean.
  await fetch(`${url}/api/health`);
  return { requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99 };
}

async function benchDatabase(database: DatabaseResult['database'], overrides: Partial<Config>): Promise<DatabaseResult> {
  const server = await startServer(loadConfig({}, { ...overrides, port: 0, host: '127.0.0.1', jobs: false }));
  try {
    const token = await apiToken(server.url);
    const endpoints: Endpoint[] = [
      { name: 'GET /api/health', path: '/api/health', headers: {} },
      { name: 'GET /api/v1/users/me', path: '/api/v1/users/me', headers: { authorization: `Bearer ${token}` } },
    ];
    for (const endpoint of endpoints) await load(server.url, endpoint, settings.warmupSeconds);
    const runs = new Map<string, Figures[]>(endpoints.map((e) => [e.name, []]));
    // Alternating the endpoints spreads the machine's slow moments over both.
    for (let run = 1; run <= settings.runs; run++) {
      for (const endpoint of endpoints) {
        const figures = await load(server.url, endpoint, settings.seconds);
        console.error(
          `${database} ${endpoint.name} run ${run}: ${figures.requestsPerSecond.toFixed(0)} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms`,
        );
        runs.get(endpoint.name)!.push(figures);
      }
    }
    const [health, me] = endpoints.map((e): Measurement => {
      const figures = runs.get(e.name)!;
      return {
        endpoint: e.name,
        runs: figures,
        median: {
          requestsPerSecond: median(figures.map((f) => f.requestsPerSecond)),
          p50Ms: median(figures.map((f) => f.p50Ms)),
          p99Ms: median(figures.map((f) => f.p99Ms)),
        },
      };
    }) as [Measurement, Measurement];
    return {
      database,
      measurements: [health, me],
      ratio: Number((me.median.requestsPerSecond / health.median.requestsPerSecond).toFixed(3)),
    };
  } finally {
    await server.stop();
  }
}

function markdown(results: DatabaseResult[]): string {
  const lines = ['| database | endpoint | req/s | p50 ms | p99 ms |', '| --- | --- | ---: | ---: | ---: |'];
  for (const { database, measurements } of results) {
    for (const m of measurements)
      lines.push(`| ${database} | ${m.endpoint} | ${m.median.requestsPerSecond.toFixed(0)} | ${m.median.p50Ms} | ${m.median.p99Ms} |`);
  }
  lines.push('', ...results.map((r) => `${r.database}: users/me ÷ health = ${r.ratio}`));
  return lines.join('\n');
}

const results: DatabaseResult[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-'));
try {
  results.push(await benchDatabase('pglite', { dataDir }));
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
const postgres = await onScratchPostgres(postgresServer, (url) => benchDatabase('postgres', { databaseUrl: url }));
if (postgres) results.push(postgres);

await writeResults('http', settings, results);
console.log(markdown(results));
