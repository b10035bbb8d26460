import type { Tx } from '../../db/client.js';
import { decodeCursor, type PageQuery, toPage } from '../../http/pagination.js';
import { newId } from '../../ids.js';
import type { ServiceDeps } from '../../services.js';
import type { Actor } from '../identity/actor.js';
import * as repo from './notifications.repository.js';

/** A notification for one user, before it is stored. */
export type NotificationDraft = {
  userId: string;
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  data?: Record<string, unknown>;
};

export const publicNotification = (n: repo.NotificationRow) => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  link: n.link,
  entityType: n.entityType,
  entityId: n.entityId,
  data: n.data,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});
export type PublicNotification = ReturnType<typeof publicNotification>;
/** An open browser: what it is sent, and how it is told the server is going away. */
type Listener = { send(notification: PublicNotification): void; close(): void };

/**
 * Users' notifications (the bell), and the push of new ones to the browsers they have open: a
 * call's screen pop reaches the agent's screen as soon as its transaction commits. Every
 * notification is stored first, so a user who is away finds it when they come back.
 *
 * The push reaches browsers connected to this process. Several server processes on one PostgreSQL
 * database would relay through LISTEN/NOTIFY; the embedded database has one process.
 */
export class NotificationsService {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly deps: ServiceDeps) {}

  /** Stores notifications in the caller's transaction; `push` them once it has committed. */
  async insert(tx: Tx, tenantId: string, drafts: NotificationDraft[]): Promise<repo.NotificationRow[]> {
    const now = this.deps.clock.now();
    const rows = drafts.map((d): repo.NotificationRow => ({
      tenantId,
      id: newId(),
      userId: d.userId,
      kind: d.kind,
      title: d.title,
      body: d.body ?? null,
      link: d.link ?? null,
      entityType: d.entityType ?? null,
      entityId: d.entityId ?? null,
      data: d.data ?? {},
      createdAt: now,
      readAt: null,
    }));
    await repo.insertNotifications(tx, rows);
    return rows;
  }

  /** Hands committed notifications to their users' open browsers. */
  push(rows: repo.NotificationRow[]): void {
    for (const row of rows) {
      for (const listener of this.listeners.get(`${row.tenantId}/${row.userId}`) ?? []) listener.send(publicNotification(row));
    }
  }

  /** Stores and pushes, in a transaction of its own. */
  async send(tenantId: string, drafts: NotificationDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    this.push(await this.deps.database.withTenant(tenantId, (tx) => this.insert(tx, tenantId, drafts)));
  }

  /** Listens for the actor's new notifications; answers the function that stops listening. */
  listen(actor: Actor, listener: Listener): () => void {
    const key = `${actor.tenantId}/${actor.userId}`;
    const set = this.listeners.get(key) ?? new Set();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  /** Ends every open stream: the server is stopping, and would otherwise wait for them forever. */
  closeAll(): void {
    for (const set of this.listeners.values()) for (const listener of set) listener.close();
    this.listeners.clear();
  }

  /** How many browsers of this user are listening: whether a pop reaches someone now. */
  listening(tenantId: string, userId: string): number {
    return this.listeners.get(`${tenantId}/${userId}`)?.size ?? 0;
  }

  async list(actor: Actor, page: PageQuery & { unread?: boolean }) {
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      const after = decodeCursor(page.cursor, 2) as [string, string] | undefined;
      const rows = await repo.listNotifications(tx, actor.tenantId, actor.userId, page.unread ?? false, after, page.limit);
      const result = toPage(rows, page.limit, (r) => [r.createdAt.toISOString(), r.id]);
      return {
        data: result.data.map(publicNotification),
        nextCursor: result.nextCursor,
        unread: await repo.countUnread(tx, actor.tenantId, actor.userId),
      };
    });
  }

  async unreadCount(actor: Actor) {
    return this.deps.database.withTenant(actor.tenantId, async (tx) => ({
      unread: await repo.countUnread(tx, actor.tenantId, actor.userId),
    }));
  }

  /** Marks the actor's notifications read (these, or all); answers how many are still unread. */
  async markRead(actor: Actor, ids?: string[]) {
    return this.deps.database.withTenant(actor.tenantId, async (tx) => {
      await repo.markRead(tx, actor.tenantId, actor.userId, ids, this.deps.clock.now());
      return { unread: await repo.countUnread(tx, actor.tenantId, actor.userId) };
    });
  }
}
