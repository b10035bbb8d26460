import { beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, newTenant, signedIn, TEST_PASSWORD, TestBrowser, type TestContext, uniqueEmail } from '../../db/testing.js';
import { LOGIN_LOCK_MS, LOGIN_MAX_FAILURES } from './auth.service.js';
import { totpAt } from './totp.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});

describe('sign-in', () => {
  it('signs in with email and password and answers the user with roles and permissions', async () => {
    const { email } = await newTenant(ctx);
    const browser = new TestBrowser(ctx);
    const res = await browser.login(email.toUpperCase());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: { email: string; roles: { key: string }[]; permissions: Record<string, string> } };
    expect(body.user.email).toBe(email);
    expect(body.user.roles.map((r) => r.key)).toEqual(['admin']);
    expect(body.user.permissions['admin.users']).toBe('all');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('rapport_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect((await browser.get('/api/v1/users/me')).status).toBe(200);
  });

  it("answers the user with the organisation's phone region, which the web formats phone numbers by", async () => {
    const { email } = await newTenant(ctx);
    const browser = await signedIn(ctx, email);
    const me = async () => ((await (await browser.get('/api/v1/users/me')).json()) as { tenant: { defaultPhoneRegion: string } }).tenant;
    expect((await me()).defaultPhoneRegion).toBe('CN');
    expect((await browser.patch('/api/v1/tenant', { defaultPhoneRegion: 'TW' })).status).toBe(200);
    expect((await me()).defaultPhoneRegion).toBe('TW');
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const { email } = await newTenant(ctx);
    const wrong = await new TestBrowser(ctx).login(email, 'Wrong-password-1');
    const unknown = await new TestBrowser(ctx).login(uniqueEmail('nobody'), 'Wrong-password-1');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = (await wrong.json()) as { detail: string };
    const b = (await unknown.json()) as { detail: string };
    expect(a.detail).toBe(b.detail);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
  });

  it('locks an email and address pair after repeated failures, but not the same user elsewhere, and unlocks after the lock period', async () => {
    const { email } = await newTenant(ctx);
    const attacker = new TestBrowser(ctx, '203.0.113.9');
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) expect((await attacker.login(email, 'Wrong-password-1')).status).toBe(401);
    const locked = await attacker.login(email);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The real user, from their own address, is not locked out by the attacker.
    expect((await new TestBrowser(ctx, '198.51.100.7').login(email)).status).toBe(200);
    ctx.clock.advance(LOGIN_LOCK_MS + 1000);
    expect((await attacker.login(email)).status).toBe(200);
  });

  it('limits sign-in attempts per client address with 429 and Retry-After, whatever the emails tried', async () => {
    const sprayer = new TestBrowser(ctx, '192.0.2.50');
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await sprayer.login(uniqueEmail('spray'), 'Wrong-password-1')).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    const last = await sprayer.login(uniqueEmail('spray'), 'Wrong-password-1');
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses a disabled user at once, ending their sessions', async () => {
    const { admin } = await newTenant(ctx);
    const email = uniqueEmail('rep');
    const roles = await ctx.services.organisation.listRoles(admin);
    const rep = await ctx.services.users.create(admin, {
      email,
      name: 'Rep',
      password: TEST_PASSWORD,
      roleIds: [roles.find((r) => r.key === 'sales_rep')!.id],
    });
    const browser = await signedIn(ctx, email);
    await ctx.services.users.update(admin, rep.id, { status: 'disabled' });
    expect((await browser.get('/api/v1/users/me')).status).toBe(401);
    expect((await new TestBrowser(ctx).login(email)).status).toBe(401);
  });

  it('refuses a tampered session cookie', async () => {
    const { email } = await newTenant(ctx);
    const browser = await signedIn(ctx, email);
    const value = browser.cookies.get('rapport_session')!;
    browser.cookies.set('rapport_session', value.slice(0, -2) + (value.endsWith('A') ? 'BB' : 'AA'));
    expect((await browser.get('/api/v1/users/me')).status).toBe(401);
  });

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    const { email } = await newTenant(ctx);
    const idle = await signedIn(ctx, email);
    ctx.clock.advance(ctx.config.sessionIdleMs + 1000);
    expect((await idle.get('/api/v1/users/me')).status).toBe(401);

    const busy = await signedIn(ctx, email);
    const steps = Math.ceil(ctx.config.sessionAbsoluteMs / (ctx.config.sessionIdleMs / 2)) + 1;
    let last = 200;
    for (let i = 0; i < steps && last === 200; i++) {
      ctx.clock.advance(ctx.config.sessionIdleMs / 2);
      last = (await busy.get('/api/v1/users/me')).status;
    }
    expect(last).toBe(401);
  });

  it('signs out', async () => {
    const { email } = await newTenant(ctx);
    const browser = await signedIn(ctx, email);
    const cookie = browser.cookies.get('rapport_session')!;
    expect((await browser.post('/api/v1/auth/logout')).status).toBe(204);
    browser.cookies.set('rapport_session', cookie);
    expect((await browser.get('/api/v1/users/me')).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the CSRF token, and changes nothing', async () => {
    const { email } = await newTenant(ctx);
    const browser = await signedIn(ctx, email);
    const res = await browser.request('PATCH', '/api/v1/users/me', { name: 'Changed' }, { 'x-csrf-token': 'wrong' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'forbidden', reason: 'csrf' });
    const me = (await (await browser.get('/api/v1/users/me')).json()) as { name: string };
    expect(me.name).toBe('Admin');
  });

  it('refuses a write whose Origin is another site', async () => {
    const { email } = await newTenant(ctx);
    const browser = await signedIn(ctx, email);
    const res = await browser.request('PATCH', '/api/v1/users/me', { name: 'Changed' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });
});

describe('two-factor sign-in', () => {
  it('enrols an authenticator, then asks for its code at sign-in and refuses a replayed code', async () => {
    const { email } = await newTenant(ctx);
    const browser = await signedIn(ctx, email);
    expect((await browser.post('/api/v1/users/me/mfa/setup', { currentPassword: 'wrong-password' })).status).toBe(403);
    const setup = (await (await browser.post('/api/v1/users/me/mfa/setup', { currentPassword: TEST_PASSWORD })).json()) as {
      secret: string;
      otpauthUrl: string;
    };
    expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect((await browser.post('/api/v1/users/me/mfa/enable', { code: totpAt(setup.secret, ctx.clock.now()) })).status).toBe(204);

    ctx.clock.advance(60_000);
    const second = new TestBrowser(ctx);
    const res = await second.login(email);
    expect(await res.json()).toEqual({ mfaRequired: true });
    expect((await second.get('/api/v1/users/me')).status).toBe(401);
    expect((await second.post('/api/v1/auth/mfa', { code: '000000' })).status).toBe(401);
    const code = totpAt(setup.secret, ctx.clock.now());
    expect((await second.post('/api/v1/auth/mfa', { code })).status).toBe(200);
    expect((await second.get('/api/v1/users/me')).status).toBe(200);

    const third = new TestBrowser(ctx);
    await third.login(email);
    expect((await third.post('/api/v1/auth/mfa', { code })).status).toBe(401);
  });

  it('makes a user of a role that requires it enrol before anything else', async () => {
    const { admin } = await newTenant(ctx);
    const role = await ctx.services.organisation.createRole(admin, {
      name: 'Strict',
      permissions: [{ permission: 'customers.read', scope: 'all' }],
      requireMfa: true,
    });
    const email = uniqueEmail('strict');
    await ctx.services.users.create(admin, { email, name: 'Strict', password: TEST_PASSWORD, roleIds: [role.id] });
    const browser = new TestBrowser(ctx);
    expect(await (await browser.login(email)).json()).toEqual({ mfaSetupRequired: true });
    const blocked = await browser.get('/api/v1/users/me');
    expect(blocked.status).toBe(401);
    expect(((await blocked.json()) as { mfaSetupRequired: boolean }).mfaSetupRequired).toBe(true);
    const setup = (await (await browser.post('/api/v1/users/me/mfa/setup', { currentPassword: TEST_PASSWORD })).json()) as {
      secret: string;
    };
    expect((await browser.post('/api/v1/users/me/mfa/enable', { code: totpAt(setup.secret, ctx.clock.now()) })).status).toBe(204);
    expect((await browser.get('/api/v1/users/me')).status).toBe(200);
  });
});

describe('own account', () => {
  it('needs the current password to change the password, and ends the other sessions', async () => {
    const { email } = await newTenant(ctx);
    const here = await signedIn(ctx, email);
    const elsewhere = await signedIn(ctx, email);
    const wrong = await here.post('/api/v1/users/me/password', { currentPassword: 'nope-nope-nope', newPassword: 'Another-Secret-9' });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({
      code: 'forbidden',
      reason: 'wrong_current_password',
      errors: [{ path: 'currentPassword', reason: 'wrong_current_password' }],
    });
    const short = await here.post('/api/v1/users/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({
      code: 'validation',
      reason: 'password_too_short',
      params: { min: 10 },
      errors: [{ path: 'newPassword', reason: 'password_too_short', params: { min: 10 } }],
    });
    expect((await here.post('/api/v1/users/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'Another-Secret-9' })).status).toBe(
      204,
    );
    expect((await here.get('/api/v1/users/me')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/users/me')).status).toBe(401);
    expect((await new TestBrowser(ctx).login(email, 'Another-Secret-9')).status).toBe(200);
  });

  it('lists the own sessions and ends another one', async () => {
    const { email } = await newTenant(ctx);
    const here = await signedIn(ctx, email);
    const other = await signedIn(ctx, email);
    const list = (await (await here.get('/api/v1/users/me/sessions')).json()) as { data: { id: string; current: boolean }[] };
    expect(list.data).toHaveLength(2);
    const otherId = list.data.find((s) => !s.current)!.id;
    expect((await here.delete(`/api/v1/users/me/sessions/${otherId}`)).status).toBe(204);
    expect((await other.get('/api/v1/users/me')).status).toBe(401);
    expect((await here.get('/api/v1/users/me')).status).toBe(200);
  });

  it('remembers the language per user', async () => {
    const { email } = await newTenant(ctx);
    const browser = await signedIn(ctx, email);
    expect((await browser.patch('/api/v1/users/me', { locale: 'zh-TW' })).status).toBe(200);
    const again = await signedIn(ctx, email);
    expect(((await (await again.get('/api/v1/users/me')).json()) as { locale: string }).locale).toBe('zh-TW');
    expect((await browser.patch('/api/v1/users/me', { locale: 'fr' })).status).toBe(400);
  });
});
