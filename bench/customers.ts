/**
 * `npm run bench:customers`: the customer master file at scale (issue 3), on PGlite and PostgreSQL.
 *
 * 1. Writes a CSV of BENCH_CUSTOMERS (1,000,000) demo customers with the demo generator, in
 *    Chinese headers, with a few percent of realistic duplicates.
 * 2. Baseline: a plain COPY of that file into an unindexed table of text columns, on the same
 *    database engine (a scratch table on PostgreSQL; a fresh in-memory PGlite for PGlite, since the
 *    server holds the embedded one).
 * 3. Imports the file through the HTTP API as a user would (upload, suggested mapping, start, poll):
 *    normalisation, matching by phone/email, codes, audit log and events. Time, rows/s, the ratio to
 *    COPY, and the process's peak RSS (server and benchmark share the process).
 * 4. With the base loaded: search-as-you-type (name fragment, pinyin initials, phone last digits,
 *    code), a filtered and sorted list page, and a customer by id — sequential requests, as one
 *    user types: p50/p95/p99 over BENCH_SAMPLES (200) each, after a warm-up.
 * 5. The duplicate-candidate scan over the whole base.
 *
 * Environment: BENCH_CUSTOMERS, BENCH_SAMPLES, BENCH_DATABASES (pglite,postgres), BENCH_DATABASE_URL,
 * BENCH_KEEP_DATABASE (keep the loaded PostgreSQL database, to look at its plans with EXPLAIN).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig, type Config } from '../apps/server/src/config.js';
import { startServer } from '../apps/server/src/main.js';
import { writeDemoCsv } from '../apps/server/src/modules/customers/demo-data.js';
import { nameKeys } from '../apps/server/src/modules/customers/normalise.js';
import { apiToken, log, onScratchPostgres, percentile, seconds, writeResults } from './support.js';

const settings = {
  customers: Number(process.env.BENCH_CUSTOMERS ?? 1_000_000),
  samples: Number(process.env.BENCH_SAMPLES ?? 200),
  databases: (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(','),
};
const postgresServer = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

type Latency = { name: string; p50Ms: number; p95Ms: number; p99Ms: number };
type Result = {
  database: 'pglite' | 'postgres';
  rows: number;
  copySeconds: number;
  importSeconds: number;
  importRowsPerSecond: number;
  importToCopy: number;
  created: number;
  updated: number;
  failed: number;
  peakRssMiB: number;
  latencies: Latency[];
  dedupeSeconds: number | null;
  duplicateGroups: number | null;
};

async function readHeader(file: string): Promise<string[]> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const { buffer, bytesRead } = await fd.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    return buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0]!
      .split(',');
  } finally {
    await fd.close();
  }
}

/** A plain COPY of the file into an unindexed table of text columns: the floor any import stands on. */
async function copyBaseline(database: Result['database'], file: string, url: string | undefined): Promise<number> {
  const columns = (await readHeader(file)).map((_, i) => `c${i} text`).join(', ');
  if (database === 'postgres') {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`create table copy_baseline (${columns})`);
      const started = process.hrtime.bigint();
      await pipeline(fs.createReadStream(file), client.query(copyFrom(`copy copy_baseline from stdin with (format csv, header true)`)));
      const took = seconds(started);
      await client.query('drop table copy_baseline');
      return took;
    } finally {
      await client.end();
    }
  }
  const db = await PGlite.create();
  try {
    await db.exec(`create table copy_baseline (${columns})`);
    const started = process.hrtime.bigint();
    await db.query(`copy copy_baseline from '/dev/blob' with (format csv, header true)`, [], { blob: await fs.openAsBlob(file) });
    return seconds(started);
  } finally {
    await db.close();
  }
}

type Api = {
  get<T>(p: string): Promise<T>;
  post<T>(p: string, body?: unknown): Promise<T>;
  patch<T>(p: string, body: unknown): Promise<T>;
};
function client(url: string, token: string): Api {
  const call = async <T>(method: string, p: string, body?: unknown, attempt = 1): Promise<T> => {
    // A busy embedded database can hold an answer past the server's keep-alive: a GET is simply asked again.
    const res = await fetch(url + p, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((e: unknown) => {
      if (method !== 'GET' || attempt >= 3) throw e;
      return undefined;
    });
    if (!res) return call<T>(method, p, body, attempt + 1);
    if (!res.ok) throw new Error(`${method} ${p} answered ${res.status}: ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  return { get: (p) => call('GET', p), post: (p, b) => call('POST', p, b ?? {}), patch: (p, b) => call('PATCH', p, b) };
}

type ImportState = {
  id: string;
  status: string;
  processedRows: number;
  totalRows: number | null;
  created: number;
  updated: number;
  failed: number;
  error: string | null;
};

async function importFile(url: string, token: string, api: Api, file: string) {
  const upload = await fetch(`${url}/api/v1/imports?fileName=${encodeURIComponent(path.basename(file))}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: await fs.openAsBlob(file),
  });
  if (upload.status !== 201) throw new Error(`upload answered ${upload.status}: ${await upload.text()}`);
  const created = (await upload.json()) as ImportState & { mapping: Record<string, string | null> };
  log('mapping', JSON.stringify(created.mapping));
  await api.patch(`/api/v1/imports/${created.id}`, { matchBy: ['phone', 'email'], mode: 'create_and_update' });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  const started = process.hrtime.bigint();
  try {
    await api.post(`/api/v1/imports/${created.id}/start`);
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const state = await api.get<ImportState>(`/api/v1/imports/${created.id}`);
      log(
        `import ${state.status}: ${state.processedRows}/${state.totalRows ?? '?'} rows, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
      );
      if (['completed', 'failed', 'cancelled'].includes(state.status)) {
        if (state.status !== 'completed') throw new Error(`import ${state.status}: ${state.error}`);
        return { seconds: seconds(started), state, peakRssMiB: peakRss / 2 ** 20 };
      }
    }
  } finally {
    clearInterval(sampler);
  }
}

async function latency(name: string, paths: string[], api: Api): Promise<Latency> {
  for (const p of paths.slice(0, 20)) await api.get(p);
  const times: number[] = [];
  for (let i = 0; i < settings.samples; i++) {
    const started = process.hrtime.bigint();
    await api.get(paths[i % paths.length]!);
    times.push(seconds(started) * 1000);
  }
  const figures = { name, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), p99Ms: percentile(times, 99) };
  log(`${name}: p50 ${figures.p50Ms.toFixed(1)} ms, p95 ${figures.p95Ms.toFixed(1)} ms, p99 ${figures.p99Ms.toFixed(1)} ms`);
  return figures;
}

type Listed = { id: string; code: string; name: string; phones: { number: string }[]; tier: string | null; industry: string | null };

async function queryLatencies(api: Api): Promise<Latency[]> {
  // Real customers to look for, spread over the base by code.
  const sample: Listed[] = [];
  for (let i = 0; i < 40; i++) {
    const code = `C${String(1 + Math.floor((i / 40) * settings.customers * 0.97)).padStart(6, '0')}`;
    sample.push(...(await api.get<{ data: Listed[] }>(`/api/v1/customers?q=${code}&limit=1`)).data);
  }
  const q = (s: string) => `/api/v1/customers?limit=20&q=${encodeURIComponent(s)}`;
  const chinese = sample.filter((c) => /[\u4e00-\u9fff]/.test(c.name));
  const fragments = chinese.map((c) => [...c.name].slice(0, Math.min(3, [...c.name].length)).join(''));
  // What a user types for 张三丰: zsf — the initials of the first characters.
  const initialQueries = chinese.map((c) => nameKeys(c.name).initials.slice(0, 3));
  const digits = sample.flatMap((c) => c.phones.map((p) => p.number.replace(/\D/g, '').slice(-4)));
  const industries = [...new Set(sample.map((c) => c.industry).filter(Boolean))] as string[];
  return [
    await latency('search: name fragment', fragments.map(q), api),
    await latency('search: pinyin initials', initialQueries.map(q), api),
    await latency('search: phone last 4 digits', digits.map(q), api),
    await latency(
      'search: code',
      sample.map((c) => q(c.code)),
      api,
    ),
    await latency(
      'list: tier + industry filter, sorted by name',
      industries.map((i) => `/api/v1/customers?limit=50&tier=key,strategic&industry=${encodeURIComponent(i)}&sort=name`),
      api,
    ),
    await latency(
      'customer by id',
      sample.map((c) => `/api/v1/customers/${c.id}`),
      api,
    ),
  ];
}

async function dedupe(api: Api) {
  const started = process.hrtime.bigint();
  await api.post('/api/v1/duplicates/scan');
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const scan = await api.get<{ status: string; groups: number; progress: number }>('/api/v1/duplicates/scan');
    if (scan.status === 'done') return { seconds: seconds(started), groups: scan.groups };
    if (scan.status === 'failed') throw new Error('the duplicate scan failed');
    log(`dedupe ${(scan.progress * 100).toFixed(0)}%`);
  }
}

async function benchDatabase(database: Result['database'], overrides: Partial<Config>, file: string, url?: string): Promise<Result> {
  log(`${database}: COPY baseline`);
  const copySeconds = await copyBaseline(database, file, url);
  log(`${database}: COPY ${copySeconds.toFixed(1)} s`);
  const server = await startServer(loadConfig({}, { ...overrides, port: 0, host: '127.0.0.1', jobs: true }));
  try {
    const token = await apiToken(server.url);
    const api = client(server.url, token);
    const imported = await importFile(server.url, token, api, file);
    log(`${database}: import ${imported.seconds.toFixed(1)} s`);
    const latencies = await queryLatencies(api);
    const scan = await dedupe(api).catch((e: unknown) => {
      log(`${database}: dedupe failed: ${(e as Error).message}`);
      return undefined;
    });
    return {
      database,
      rows: settings.customers,
      copySeconds,
      importSeconds: imported.seconds,
      importRowsPerSecond: settings.customers / imported.seconds,
      importToCopy: imported.seconds / copySeconds,
      created: imported.state.created,
      updated: imported.state.updated,
      failed: imported.state.failed,
      peakRssMiB: imported.peakRssMiB,
      latencies,
      dedupeSeconds: scan?.seconds ?? null,
      duplicateGroups: scan?.groups ?? null,
    };
  } finally {
    await server.stop();
  }
}

function markdown(results: Result[]): string {
  const lines = [
    '| database | rows | COPY s | import s | rows/s | import ÷ COPY | peak RSS MiB | dedupe s | groups |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.database} | ${r.rows} | ${r.copySeconds.toFixed(1)} | ${r.importSeconds.toFixed(1)} | ${r.importRowsPerSecond.toFixed(0)} | ${r.importToCopy.toFixed(1)} | ${r.peakRssMiB.toFixed(0)} | ${r.dedupeSeconds?.toFixed(1) ?? '–'} | ${r.duplicateGroups ?? '–'} |`,
    ),
    '',
    '| database | request | p50 ms | p95 ms | p99 ms |',
    '| --- | --- | ---: | ---: | ---: |',
    ...results.flatMap((r) =>
      r.latencies.map((l) => `| ${r.database} | ${l.name} | ${l.p50Ms.toFixed(1)} | ${l.p95Ms.toFixed(1)} | ${l.p99Ms.toFixed(1)} |`),
    ),
  ];
  return lines.join('\n');
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-customers-'));
const results: Result[] = [];
try {
  const file = path.join(work, `customers-${settings.customers}.csv`);
  const started = process.hrtime.bigint();
  const written = await writeDemoCsv(file, settings.customers, { seed: 42, headers: 'zh', encoding: 'utf-8' });
  log(`wrote ${written.rows} rows (${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB) in ${seconds(started).toFixed(1)} s`);
  if (settings.databases.includes('pglite')) {
    const dataDir = path.join(work, 'pglite');
    results.push(await benchDatabase('pglite', { dataDir }, file));
  }
  if (settings.databases.includes('postgres')) {
    const result = await onScratchPostgres(postgresServer, (url) => benchDatabase('postgres', { databaseUrl: url }, file, url));
    if (result) results.push(result);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

await writeResults(`customers-${settings.databases.join('-')}`, settings, results);
console.log(markdown(results));
