import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestContext, newTenant, type TestContext } from '../../db/testing.js';
import type { Actor } from '../identity/actor.js';
import { type DomainEvent, EVENT_LEASE_MS, eventRetryDelayMs, matchesEventType, MAX_EVENT_ATTEMPTS } from './events.js';

let ctx: TestContext;
beforeEach(async () => {
  // A context per test: each has its own subscribers, as a server process would.
  ctx = await createTestContext();
});

async function newTeam(c: TestContext, admin: Actor, name = 'Team') {
  const company = (await c.services.organisation.listOrgUnits(admin)).find((u) => u.kind === 'company')!;
  return c.services.organisation.createOrgUnit(admin, { name, kind: 'team', parentId: company.id });
}

/** The outbox row of the event about `entityId`, as an operator would look at it. */
async function outboxRow(c: TestContext, entityId: string) {
  const [row] = await c.database.query<{
    attempts: number;
    last_error: string | null;
    dispatched_at: Date | null;
    parked_at: Date | null;
    next_attempt_at: Date | null;
  }>('select attempts, last_error, dispatched_at, parked_at, next_attempt_at from events where entity_id = $1', [entityId]);
  return row!;
}

describe('event type patterns', () => {
  it('matches an exact type, a prefix and everything', () => {
    expect(matchesEventType('user.updated', 'user.updated')).toBe(true);
    expect(matchesEventType('user.updated', 'user.created')).toBe(false);
    expect(matchesEventType('user.*', 'user.created')).toBe(true);
    expect(matchesEventType('user.*', 'user_group.created')).toBe(false);
    expect(matchesEventType('*', 'org_unit.deleted')).toBe(true);
  });

  it('refuses a subscription to something that is not a pattern', () => {
    expect(() => ctx.services.events.subscribe('user.', () => undefined)).toThrow(/pattern/);
  });
});

describe('events outbox dispatcher', () => {
  it('hands an event written by a service call to the subscribers of its type, its prefix and *, in the order written', async () => {
    const { admin, tenant } = await newTenant(ctx);
    const seen = { exact: [] as DomainEvent[], prefix: [] as DomainEvent[], all: [] as DomainEvent[], other: [] as DomainEvent[] };
    ctx.services.events.subscribe('org_unit.created', (e) => void seen.exact.push(e));
    ctx.services.events.subscribe('org_unit.*', (e) => void seen.prefix.push(e));
    ctx.services.events.subscribe('*', (e) => void seen.all.push(e));
    ctx.services.events.subscribe('role.*', (e) => void seen.other.push(e));
    const team = await newTeam(ctx, admin);

    await ctx.services.events.dispatchPending({ tenantId: tenant.id });

    expect(seen.exact).toHaveLength(1);
    expect(seen.exact[0]).toMatchObject({
      tenantId: tenant.id,
      type: 'org_unit.created',
      entityType: 'org_unit',
      entityId: team.id,
      actorUserId: admin.userId,
      payload: { changes: { name: { old: null, new: 'Team' } } },
    });
    expect(seen.exact[0]!.occurredAt).toBeInstanceOf(Date);
    expect(seen.prefix.map((e) => e.id)).toEqual(seen.exact.map((e) => e.id));
    expect(seen.all.map((e) => e.type)).toEqual(['tenant.created', 'user.created', 'org_unit.created']);
    expect(seen.other).toEqual([]);
    expect((await outboxRow(ctx, team.id)).dispatched_at).not.toBeNull();

    // Dispatched events are not handed out again.
    expect((await ctx.services.events.dispatchPending({ tenantId: tenant.id })).claimed).toBe(0);
    expect(seen.all).toHaveLength(3);
  });

  it('delivers again, to a new dispatcher, an event whose dispatcher stopped before marking it', async () => {
    const { admin, tenant } = await newTenant(ctx);
    const team = await newTeam(ctx, admin);
    let inSubscriber!: () => void;
    const entered = new Promise<void>((resolve) => (inSubscriber = resolve));
    let resume!: () => void;
    const frozen = new Promise<void>((resolve) => (resume = resolve));
    ctx.services.events.subscribe('org_unit.created', async () => {
      inSubscriber();
      await frozen;
    });
    const stalled = ctx.services.events.dispatchPending({ tenantId: tenant.id });
    await entered;

    // The first process is gone as far as anyone can tell: it took the event and never marked it.
    const restarted = await createTestContext();
    restarted.clock.set(ctx.clock.now());
    const received: string[] = [];
    restarted.services.events.subscribe('org_unit.created', (e) => void received.push(e.entityId));
    expect((await restarted.services.events.dispatchPending({ tenantId: tenant.id })).claimed).toBe(0);
    restarted.clock.advance(EVENT_LEASE_MS + 1000);
    await restarted.services.events.dispatchPending({ tenantId: tenant.id });
    expect(received).toEqual([team.id]);
    expect(await outboxRow(ctx, team.id)).toMatchObject({ attempts: 2, parked_at: null });
    expect((await outboxRow(ctx, team.id)).dispatched_at).not.toBeNull();

    // Should the first dispatcher come back after all, its late marking changes nothing.
    resume();
    await stalled;
    expect((await outboxRow(ctx, team.id)).attempts).toBe(2);
  });

  it('starts claims after what it saw an interval ago, and sweeps from the start once an interval for late commits', async () => {
    const { admin, tenant } = await newTenant(ctx);
    const handled: string[] = [];
    ctx.services.events.subscribe('org_unit.*', (e) => void handled.push(e.entityId));
    const dispatch = () => ctx.services.events.dispatchPending({ tenantId: tenant.id });
    const first = await newTeam(ctx, admin, 'First');
    await dispatch();
    for (const name of ['Second', 'Third']) {
      ctx.clock.advance(10_000);
      await newTeam(ctx, admin, name);
      await dispatch();
    }
    expect(handled).toHaveLength(3);
    // An event whose transaction took its `seq` long ago and committed only now.
    const [late] = await ctx.database.query<{ entity_id: string }>(
      `insert into events (tenant_id, id, seq, type, entity_type, entity_id, payload)
       values ($1, gen_random_uuid(), 0, 'org_unit.updated', 'org_unit', $2, '{}') returning entity_id`,
      [tenant.id, first.id],
    );
    expect((await dispatch()).claimed).toBe(0);
    ctx.clock.advance(10_000);
    expect((await dispatch()).claimed).toBe(1);
    expect(handled.at(-1)).toBe(late!.entity_id);
  });

  it('hands each event out once when two dispatchers run at the same time', async () => {
    const { admin, tenant } = await newTenant(ctx);
    const other = await createTestContext();
    other.clock.set(ctx.clock.now());
    const handled: string[] = [];
    for (const c of [ctx, other]) c.services.events.subscribe('org_unit.created', (e) => void handled.push(e.entityId));
    const teams = [];
    for (let i = 0; i < 12; i++) teams.push(await newTeam(ctx, admin, `Team ${i}`));

    await Promise.all([ctx, other, ctx, other].map((c) => c.services.events.dispatchPending({ tenantId: tenant.id })));

    expect(handled.sort()).toEqual(teams.map((t) => t.id).sort());
  });

  it('retries a throwing subscriber with backoff, without holding back the events behind it', async () => {
    const { admin, tenant } = await newTenant(ctx);
    const first = await newTeam(ctx, admin, 'First');
    const second = await newTeam(ctx, admin, 'Second');
    let failuresLeft = 2;
    const handled: string[] = [];
    ctx.services.events.subscribe('org_unit.created', (e) => {
      if (e.entityId === first.id && failuresLeft-- > 0) throw new Error('receiver is down');
      handled.push(e.entityId);
    });
    const dispatch = () => ctx.services.events.dispatchPending({ tenantId: tenant.id });

    expect(await dispatch()).toMatchObject({ failed: 1 });
    expect(handled).toEqual([second.id]);
    const afterFirst = await outboxRow(ctx, first.id);
    expect(afterFirst).toMatchObject({ attempts: 1, last_error: 'org_unit.created: receiver is down', dispatched_at: null });
    expect(afterFirst.next_attempt_at!.getTime()).toBe(ctx.clock.now().getTime() + eventRetryDelayMs(1));

    // Not before its backoff has passed.
    expect((await dispatch()).claimed).toBe(0);
    ctx.clock.advance(eventRetryDelayMs(1));
    expect(await dispatch()).toMatchObject({ claimed: 1, failed: 1 });
    expect((await outboxRow(ctx, first.id)).attempts).toBe(2);

    ctx.clock.advance(eventRetryDelayMs(2));
    expect(await dispatch()).toMatchObject({ claimed: 1, dispatched: 1 });
    expect(handled).toEqual([second.id, first.id]);
    expect((await outboxRow(ctx, first.id)).dispatched_at).not.toBeNull();
  });

  it("hands a batch subscriber the tenant's events in one call, in order, and retries them all when it throws", async () => {
    const { admin, tenant } = await newTenant(ctx);
    const first = await newTeam(ctx, admin, 'First');
    const second = await newTeam(ctx, admin, 'Second');
    const calls: string[][] = [];
    let failNext = true;
    ctx.services.events.subscribeBatch('org_unit.created', (events) => {
      calls.push(events.map((e) => e.entityId));
      if (!failNext) return Promise.resolve();
      failNext = false;
      return Promise.reject(new Error('store is down'));
    });
    const dispatch = () => ctx.services.events.dispatchPending({ tenantId: tenant.id });

    expect(await dispatch()).toMatchObject({ failed: 2 });
    expect(calls).toEqual([[first.id, second.id]]);
    expect(await outboxRow(ctx, second.id)).toMatchObject({ attempts: 1, last_error: 'org_unit.created: store is down' });

    ctx.clock.advance(eventRetryDelayMs(1));
    expect(await dispatch()).toMatchObject({ claimed: 2, dispatched: 2 });
    expect(calls).toEqual([
      [first.id, second.id],
      [first.id, second.id],
    ]);
    expect((await outboxRow(ctx, first.id)).dispatched_at).not.toBeNull();
  });

  it('parks an event that keeps failing, where it stays visible, and goes on with later events', async () => {
    const { admin, tenant } = await newTenant(ctx);
    const poison = await newTeam(ctx, admin, 'Poison');
    const operatorLog = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let calls = 0;
    const handled: string[] = [];
    ctx.services.events.subscribe('org_unit.created', (e) => {
      if (e.entityId !== poison.id) return void handled.push(e.entityId);
      calls++;
      throw new Error('cannot handle this one');
    });
    for (let attempt = 1; attempt <= MAX_EVENT_ATTEMPTS; attempt++) {
      await ctx.services.events.dispatchPending({ tenantId: tenant.id });
      ctx.clock.advance(eventRetryDelayMs(attempt));
    }
    const parked = await outboxRow(ctx, poison.id);
    expect(parked).toMatchObject({
      attempts: MAX_EVENT_ATTEMPTS,
      dispatched_at: null,
      next_attempt_at: null,
      last_error: 'org_unit.created: cannot handle this one',
    });
    expect(parked.parked_at).not.toBeNull();
    expect(operatorLog).toHaveBeenCalledWith(expect.stringMatching(/parked event .* after 10 attempts/));
    operatorLog.mockRestore();

    const later = await newTeam(ctx, admin, 'Later');
    ctx.clock.advance(86_400_000);
    await ctx.services.events.dispatchPending({ tenantId: tenant.id });
    expect(calls).toBe(MAX_EVENT_ATTEMPTS);
    expect(handled).toEqual([later.id]);
  });

  it('dispatches in the background until stopped', async () => {
    const { admin, tenant } = await newTenant(ctx);
    const received = new Promise<DomainEvent>((resolve) => ctx.services.events.subscribe('org_unit.created', resolve));
    const loop = ctx.services.events.start({ tenantId: tenant.id });
    const team = await newTeam(ctx, admin);
    expect((await received).entityId).toBe(team.id);
    await loop.stop();
  });
});
