import { expect } from 'vitest';
import { newTenant, signedIn, TEST_PASSWORD, type TestBrowser, type TestContext, uniqueEmail } from '../../db/testing.js';

/** Test support for the customer module's HTTP tests. */
export const body = async <T>(res: Response) => (await res.json()) as T;

/** A tenant with its admin signed in, and `userWith(role)`: a new user with that role, signed in too. */
export async function customerTenant(ctx: TestContext) {
  const t = await newTenant(ctx);
  const admin = await signedIn(ctx, t.email);
  const roles = await ctx.services.organisation.listRoles(t.admin);
  const roleId = (key: string) => roles.find((r) => r.key === key)!.id;
  /** `role`: a built-in role's key, or any role's id. */
  async function userWith(role: string, extra: Record<string, unknown> = {}) {
    const email = uniqueEmail('user');
    const id = roles.find((r) => r.key === role)?.id ?? role;
    const res = await admin.post('/api/v1/users', { email, name: email.slice(0, 12), password: TEST_PASSWORD, roleIds: [id], ...extra });
    expect(res.status).toBe(201);
    return { id: (await body<{ id: string }>(res)).id, email, browser: await signedIn(ctx, email) };
  }
  return { t, admin, roleId, userWith };
}

/** Creates a customer through the API, past the duplicate check; fails the test on any refusal. */
export async function createCustomer<T>(
  b: TestBrowser,
  input: Record<string, unknown>,
  kind: 'person' | 'organisation' = 'person',
): Promise<T> {
  const res = await b.post('/api/v1/customers?force=true', { kind, ...input });
  if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
  return body<T>(res);
}
