/**
 * `npm run bench:interactions`: the contact log, the timeline and the call centre at scale (issue 4),
 * on PGlite and PostgreSQL.
 *
 * 1. Loads a fresh database: an organisation set up by the services, then BENCH_CUSTOMERS (1,000,000)
 *    customers and BENCH_ENTRIES (20,000,000) timeline entries written by SQL (`generate_series`) —
 *    the loading is not what is measured, and the import has its own benchmark. One customer holds
 *    BENCH_HOT_ENTRIES (10,000) of the entries. A tenth of the customers are key customers, with a
 *    follow-up plan switched on for their tier.
 * 2. Starts the server on it (jobs on) and, through the API, measures one request at a time:
 *    `GET /api/health` (the baseline), the first timeline page of the 10,000-entry customer and of
 *    customers picked at random, and logging an interaction (audit, event, timeline entry and
 *    follow-up plan in its transaction) — p50/p95/p99 over BENCH_SAMPLES (200).
 * 3. Signs in BENCH_AGENTS (100) agents, each with an open notification stream, and times, for
 *    BENCH_SAMPLES calls, from sending `ringing` to the pop arriving on the ringing agent's stream.
 *
 * Environment: BENCH_CUSTOMERS, BENCH_ENTRIES, BENCH_HOT_ENTRIES, BENCH_AGENTS, BENCH_SAMPLES,
 * BENCH_DATABASES (pglite,postgres), BENCH_DATABASE_URL, BENCH_KEEP_DATABASE (keep the PostgreSQL one, for EXPLAIN).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../apps/server/src/config.js';
import { startServer } from '../apps/server/src/main.js';
import { openRuntime } from '../apps/server/src/runtime.js';
import { log, onScratchPostgres, percentile, seconds, writeResults } from './support.js';

const settings = {
  customers: Number(process.env.BENCH_CUSTOMERS ?? 1_000_000),
  entries: Number(process.env.BENCH_ENTRIES ?? 20_000_000),
  hotEntries: Number(process.env.BENCH_HOT_ENTRIES ?? 10_000),
  agents: Number(process.env.BENCH_AGENTS ?? 100),
  samples: Number(process.env.BENCH_SAMPLES ?? 200),
  databases: (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(','),
};
const postgresServer = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN = { email: 'bench@example.com', password: 'Correct-Horse-42' };
/** Rows written per statement while loading, so neither engine holds one enormous transaction. */
const LOAD_CHUNK = 250_000;

type Latency = { name: string; p50Ms: number; p95Ms: number; p99Ms: number };
type Result = { database: 'pglite' | 'postgres'; customers: number; entries: number; loadSeconds: number; latencies: Latency[] };

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const figures = (name: string, times: number[]): Latency => {
  const l = { name, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), p99Ms: percentile(times, 99) };
  log(`${name}: p50 ${l.p50Ms.toFixed(1)} ms, p95 ${l.p95Ms.toFixed(1)} ms, p99 ${l.p99Ms.toFixed(1)} ms`);
  return l;
};
/** The phone of bench customer n: a valid mainland mobile, so the call centre's lookup is the real one. */
const phoneOf = (n: number) => `139${String(n).padStart(8, '0')}`;

/** Sets up the organisation and writes the customers and timeline entries straight into the database. */
async function load(overrides: Partial<Config>): Promise<{ hotId: string; spreadIds: string[]; seconds: number }> {
  const runtime = await openRuntime(loadConfig({}, overrides), 'bench');
  const started = process.hrtime.bigint();
  try {
    const { tenant, user } = await runtime.services.tenants.setup({
      organisationName: 'Bench Co',
      admin: { name: 'Bench Admin', email: ADMIN.email, password: ADMIN.password },
    });
    const db = runtime.database;
    const t = tenant.id;
    for (let from = 1; from <= settings.customers; from += LOAD_CHUNK) {
      const to = Math.min(settings.customers, from + LOAD_CHUNK - 1);
      await db.query(
        `insert into customers (tenant_id, id, code, kind, name, name_entered, name_key, search_text, tier, owner_id,
                                phones, phone_numbers, phone_tails, created_at, updated_at)
         select $1, gen_random_uuid(), 'B' || lpad(n::text, 7, '0'), 'person', '客户' || n, '客户' || n, 'kehu' || n, 'kehu' || n,
                case when n % 10 = 0 then 'key' else 'general' end, $2,
                jsonb_build_array(jsonb_build_object('label', 'mobile', 'number', '+86' || p, 'entered', p, 'valid', true)),
                array['86' || p], array[right(p, 4), right(p, 8)], now(), now()
           from generate_series($3::int, $4::int) n, lateral (select '139' || lpad(n::text, 8, '0') as p) phone`,
        [t, user.id, from, to],
      );
      log(`customers: ${to}`);
    }
    await db.query(`create table bench_ids as select row_number() over (order by id) as n, id from customers where tenant_id = $1`, [t]);
    await db.query('create index on bench_ids (n)');
    const [hot] = await db.query<{ id: string }>('select id from bench_ids where n = 1');
    // Customers spread over the base, for the requests on "any customer".
    const spread = await db.query<{ id: string }>('select id from bench_ids where n % $1 = 7 order by n limit 20', [
      Math.max(1, Math.floor(settings.customers / 20)),
    ]);
    const others = settings.entries - settings.hotEntries;
    const writeEntries = async (count: number, customer: string) => {
      for (let from = 1; from <= count; from += LOAD_CHUNK) {
        const to = Math.min(count, from + LOAD_CHUNK - 1);
        await db.query(
          `insert into timeline_entries (tenant_id, id, customer_id, occurred_at, kind, type, entity_id, record_key, event_id, user_id, channel, direction, title, summary, data)
           select $1, gen_random_uuid(), ${customer}, now() - (i || ' minutes')::interval, 'interaction', 'interaction.created',
                  e, 'interaction:' || e, gen_random_uuid(), $2, case when i % 3 = 0 then 'visit' else 'call' end, 'inbound',
                  '第 ' || i || ' 次联系', '客户询问产品价格、交期与售后服务安排', jsonb_build_object('durationSeconds', i % 600)
             from generate_series($3::int, $4::int) i, lateral (select gen_random_uuid() as e where i is not null) entity`,
          [t, user.id, from, to],
        );
        log(`timeline entries: ${to} of ${count}`);
      }
    };
    await writeEntries(settings.hotEntries, `'${hot!.id}'::uuid`);
    await writeEntries(others, `(select id from bench_ids where n = 1 + (i % ${settings.customers}))`);
    await db.query('drop table bench_ids');
    await db.query('analyze customers');
    await db.query('analyze timeline_entries');
    return { hotId: hot!.id, spreadIds: spread.map((r) => r.id), seconds: seconds(started) };
  } finally {
    await runtime.close();
  }
}

let signIns = 0;
/**
 * A signed-in browser session: its cookie and CSRF header. Each comes from an address of its own
 * (the server trusts X-Forwarded-For here), as a hundred agents' browsers do: sign-in is rate-limited
 * per address.
 */
async function signIn(url: string, email: string, password: string) {
  signIns++;
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.${Math.floor(signIns / 250)}.${signIns % 250}` },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  const cookies = Object.fromEntries(res.headers.getSetCookie().map((c) => c.split(';')[0]!.split('=') as [string, string]));
  return {
    cookie: Object.entries(cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
    'x-csrf-token': cookies.rapport_csrf!,
  };
}

function api(url: string, headers: Record<string, string>) {
  return async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const res = await fetch(url + p, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${p} answered ${res.status}: ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
}

/** An agent's open notification stream; `waitFor(callId)` resolves when that call's pop arrives. */
async function agentStream(url: string, session: Record<string, string>) {
  const waiting = new Map<string, () => void>();
  const controller = new AbortController();
  const res = await fetch(`${url}/api/v1/notifications/stream`, { headers: session, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  void (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => undefined);
      if (!chunk || chunk.done) return;
      buffered += decoder.decode(chunk.value as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!block.includes('event: notification') || !data) continue;
        const callId = (JSON.parse(data) as { data?: { callId?: string } }).data?.callId;
        if (callId) waiting.get(callId)?.();
      }
    }
  })();
  return {
    waitFor: (callId: string) => new Promise<void>((resolve) => waiting.set(callId, resolve)),
    close: () => controller.abort(),
  };
}

async function benchDatabase(database: Result['database'], overrides: Partial<Config>): Promise<Result> {
  log(`${database}: loading ${settings.customers} customers and ${settings.entries} timeline entries`);
  const loaded = await load(overrides);
  log(`${database}: loaded in ${loaded.seconds.toFixed(0)} s`);
  const server = await startServer(loadConfig({}, { ...overrides, port: 0, host: '127.0.0.1', jobs: true, trustProxy: true }));
  const streams: Awaited<ReturnType<typeof agentStream>>[] = [];
  try {
    const admin = await signIn(server.url, ADMIN.email, ADMIN.password);
    const call = api(server.url, admin);
    const roles = await call<{ data: { id: string; key: string }[] }>('GET', '/api/v1/roles');
    const pbxRole = await call<{ id: string }>('POST', '/api/v1/roles', {
      name: 'PBX',
      permissions: [{ permission: 'interactions.create', scope: 'all' }],
    });
    const { token } = await call<{ token: string }>('POST', '/api/v1/api-tokens', { name: 'PBX', roleId: pbxRole.id });
    const pbx = api(server.url, { authorization: `Bearer ${token}` });
    await call('PUT', '/api/v1/follow-up-plans', { plans: [{ tier: 'key', intervalDays: 30, active: true }] });
    const randomCustomers = loaded.spreadIds;

    const timed = async (name: string, request: (i: number) => Promise<unknown>) => {
      for (let i = 0; i < 20; i++) await request(i);
      const times: number[] = [];
      for (let i = 0; i < settings.samples; i++) {
        const started = process.hrtime.bigint();
        await request(i);
        times.push(ms(started));
      }
      return figures(name, times);
    };
    const latencies = [
      await timed('GET /api/health (baseline)', () => fetch(`${server.url}/api/health`).then((r) => r.text())),
      await timed(`timeline, first page: the customer with ${settings.hotEntries} entries`, () =>
        call('GET', `/api/v1/customers/${loaded.hotId}/timeline?limit=50`),
      ),
      await timed('timeline, first page: customers at random', (i) =>
        call('GET', `/api/v1/customers/${randomCustomers[i % randomCustomers.length]}/timeline?limit=50`),
      ),
      await timed('log an interaction (audit, event, timeline, follow-up plan)', (i) =>
        call('POST', '/api/v1/interactions', {
          customerId: randomCustomers[i % randomCustomers.length],
          channel: 'call',
          direction: 'outbound',
          durationSeconds: 120,
          summary: '回访：客户满意，计划下月追加订单',
        }),
      ),
    ];

    log(`${database}: signing in ${settings.agents} agents, each with an open notification stream`);
    const agentRole = roles.data.find((r) => r.key === 'service_agent')!.id;
    for (let a = 0; a < settings.agents; a++) {
      const email = `agent${a}@example.com`;
      await call('POST', '/api/v1/users', {
        email,
        name: `Agent ${a}`,
        password: ADMIN.password,
        roleIds: [agentRole],
        extension: String(8000 + a),
      });
      streams.push(await agentStream(server.url, await signIn(server.url, email, ADMIN.password)));
    }
    const pops: number[] = [];
    for (let i = 0; i < settings.samples + 20; i++) {
      const agent = i % settings.agents;
      const callId = `bench-${database}-${i}`;
      const arrived = streams[agent]!.waitFor(callId);
      const started = process.hrtime.bigint();
      await pbx('POST', '/api/v1/cti/events', {
        event: 'ringing',
        callId,
        from: phoneOf(1 + ((i * 7919) % settings.customers)),
        agent: String(8000 + agent),
      });
      await arrived;
      if (i >= 20) pops.push(ms(started));
      await pbx('POST', '/api/v1/cti/events', { event: 'ended', callId, from: phoneOf(1 + ((i * 7919) % settings.customers)) });
    }
    latencies.push(figures(`call ringing → screen pop on the agent's stream (${settings.agents} agents connected)`, pops));
    return { database, customers: settings.customers, entries: settings.entries, loadSeconds: loaded.seconds, latencies };
  } finally {
    for (const s of streams) s.close();
    await server.stop();
  }
}

function markdown(results: Result[]): string {
  return [
    '| database | request | p50 ms | p95 ms | p99 ms |',
    '| --- | --- | ---: | ---: | ---: |',
    ...results.flatMap((r) =>
      r.latencies.map((l) => `| ${r.database} | ${l.name} | ${l.p50Ms.toFixed(1)} | ${l.p95Ms.toFixed(1)} | ${l.p99Ms.toFixed(1)} |`),
    ),
  ].join('\n');
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-interactions-'));
const results: Result[] = [];
try {
  if (settings.databases.includes('pglite')) results.push(await benchDatabase('pglite', { dataDir: path.join(work, 'pglite') }));
  if (settings.databases.includes('postgres')) {
    const result = await onScratchPostgres(postgresServer, (url) => benchDatabase('postgres', { databaseUrl: url }));
    if (result) results.push(result);
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

await writeResults(`interactions-${settings.databases.join('-')}`, settings, results);
console.log(markdown(results));
