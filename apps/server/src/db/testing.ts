import { inject } from 'vitest';
import { createApp, createServices, type Services } from '../app.js';
import { TestClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import type { Actor } from '../modules/identity/actor.js';
import { openDatabase, type Database } from './client.js';
import { migrateDatabase } from './migrate.js';

/**
 * Test support: one migrated database per test worker — in-memory PGlite by default, the
 * run's own database on the PostgreSQL server of TEST_DATABASE_URL when set (see
 * test/global-setup.ts) — shared by the worker's test files. Tests stay
 * apart by each making its own tenant, which is exactly the isolation production relies on.
 */
let shared: Promise<Database> | undefined;

export function testDatabase(): Promise<Database> {
  shared ??= (async () => {
    const url = inject('databaseUrl');
    const database = await openDatabase(url ? { databaseUrl: url, poolSize: 4 } : {});
    await migrateDatabase(database);
    return database;
  })();
  return shared;
}

export type TestContext = {
  database: Database;
  clock: TestClock;
  config: Config;
  services: Services;
  app: ReturnType<typeof createApp>;
};

export async function createTestContext(overrides: Partial<Config> = {}): Promise<TestContext> {
  const database = await testDatabase();
  const clock = new TestClock(new Date());
  const config: Config = { ...loadConfig(), jobs: false, trustProxy: true, ...overrides };
  const services = createServices({ database, clock, config });
  return { database, clock, config, services, app: createApp(services) };
}

let counter = 0;
export const uniqueEmail = (name = 'user') => `${name}.${Date.now().toString(36)}.${process.pid}.${++counter}@example.com`;
export const TEST_PASSWORD = 'Correct-Horse-42';

/** A new tenant with its administrator; answers the admin as an actor too. */
export async function newTenant(ctx: TestContext, name = 'Test Co') {
  const email = uniqueEmail('admin');
  const { tenant, user } = await ctx.services.tenants.create({
    organisationName: name,
    slug: `t-${Date.now().toString(36)}-${++counter}-${process.pid}`,
    admin: { name: 'Admin', email, password: TEST_PASSWORD },
  });
  const admin: Actor = await ctx.services.tenants.adminActor(tenant.id, 'test');
  return { tenant, user, email, admin };
}

/** A signed-in browser: keeps cookies and sends the CSRF header, through `app.request()`. */
export class TestBrowser {
  cookies = new Map<string, string>();
  constructor(
    readonly ctx: TestContext,
    /** Each browser has an address of its own unless told, so per-address limits don't couple tests. */
    readonly ip = `10.${++counter % 250}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const h: Record<string, string> = { 'x-forwarded-for': this.ip, ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('rapport_csrf');
    if (csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = csrf;
    if (body !== undefined && typeof body !== 'string') h['content-type'] = 'application/json';
    const res = await this.ctx.app.request(path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      const value = v.join('=');
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(k!.trim());
      else this.cookies.set(k!.trim(), value);
    }
    return res;
  }

  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', path, body ?? {}, headers);
  patch = (path: string, body: unknown, headers?: Record<string, string>) => this.request('PATCH', path, body, headers);
  put = (path: string, body: unknown, headers?: Record<string, string>) => this.request('PUT', path, body, headers);
  delete = (path: string, headers?: Record<string, string>) => this.request('DELETE', path, undefined, headers);

  async login(email: string, password = TEST_PASSWORD): Promise<Response> {
    return this.post('/api/v1/auth/login', { email, password });
  }
}

/** Signs a new browser in, failing the test when sign-in does not succeed. */
export async function signedIn(ctx: TestContext, email: string, password = TEST_PASSWORD, ip?: string): Promise<TestBrowser> {
  const browser = new TestBrowser(ctx, ip);
  const res = await browser.login(email, password);
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return browser;
}

/** A bearer-token client through `app.request()`. */
export function tokenClient(ctx: TestContext, token: string) {
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    ctx.app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body ?? {}, headers),
    patch: (path: string, body: unknown, headers?: Record<string, string>) => call('PATCH', path, body, headers),
    delete: (path: string, headers?: Record<string, string>) => call('DELETE', path, undefined, headers),
  };
}
