import type { Tx } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, encodeCursor, type PageQuery } from '../../http/pagination.js';
import { newId } from '../../ids.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { ServiceDeps } from '../../services.js';
import { type Actor, authorize } from '../identity/index.js';
import { recordChange } from '../platform/index.js';
import { covers, optionalVisibility, visibilityFor } from './customer-access.js';
import { findCustomersByIds, type Visibility } from './customers.repository.js';
import { DuplicateReason } from './customers.schemas.js';
import { publicCustomer } from './customers.service.js';
import type { SkippedBlock } from './customers.tables.js';
import { BLOCK_LIMIT, duplicateReasons, duplicateScore, NAME_SIMILARITY, nameCore, nameSimilarity } from './duplicate-rules.js';
import * as repo from './duplicates.repository.js';
import { toSimplified } from './normalise.js';

export const DUPLICATE_SCAN_JOB = 'customers.duplicate-scan';
export type DuplicateScanJob = { tenantId: string; scanId: string };

/** The most customers one group holds: links that would grow it further are left out, and the group is flagged `capped`. */
export const MAX_GROUP = 20;
/** Below this many characters a name's core is too short to call a near-miss anything but chance. */
const MIN_CORE_LENGTH = 3;
/** A name key shorter than this cannot hold a core of MIN_CORE_LENGTH that differs from it, nor be NAME_SIMILARITY-similar unless equal. */
const MIN_FUZZY_KEY_LENGTH = 5;
/** Each name is compared with this many neighbours in each of the two sort orders. */
const NEIGHBOURS = 10;
const PAGE = 20_000;
/** About this many customers' names are held at once by the similar-name pass. */
const FUZZY_BATCH = 100_000;
const COMPARE_CHUNK = 5000;
/** The scan's report keeps the largest skipped blocks; the rest are only counted in it. */
const REPORTED_BLOCKS = 50;
/** A running scan whose heartbeat is older than this died with its process. */
const STALE_AFTER_MS = 10 * 60_000;

// --- the scan's pure steps ----------------------------------------------------------------------------

/**
 * Pairs of similar names among the customers of one city, by sorted neighbourhood: sorted by core,
 * each name meets the next NEIGHBOURS, and again sorted by the reversed core, so a typo near either
 * end still leaves the two side by side in one of the orders. Linear in the city's size, unlike
 * comparing all pairs, and with no block that can grow too large to compare.
 */
/**
 * The cities as stored (台北市 and 臺北市 apart), put together by their simplified spelling and
 * packed into batches of about `limit` customers; a city larger than that is a batch of its own.
 */
export function cityBatches(counts: { city: string; count: number }[], limit: number): { cities: string[]; customers: number }[] {
  const spellings = new Map<string, { cities: string[]; customers: number }>();
  for (const { city, count } of counts) {
    const same = spellings.get(toSimplified(city)) ?? { cities: [], customers: 0 };
    same.cities.push(city);
    same.customers += count;
    spellings.set(toSimplified(city), same);
  }
  const batches: { cities: string[]; customers: number }[] = [];
  let open: { cities: string[]; customers: number } | undefined;
  for (const city of spellings.values()) {
    if (!open || open.customers + city.customers > limit) batches.push((open = { cities: [], customers: 0 }));
    open.cities.push(...city.cities);
    open.customers += city.customers;
  }
  return batches;
}

export function similarNamePairs(entries: { id: string; core: string }[], found: (a: string, b: string) => void): void {
  const compareNeighbours = (sorted: { id: string; core: string }[]) => {
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j <= i + NEIGHBOURS && j < sorted.length; j++) {
        if (nameSimilarity(sorted[i]!.core, sorted[j]!.core) >= NAME_SIMILARITY) found(sorted[i]!.id, sorted[j]!.id);
      }
    }
  };
  const byKey = (key: (e: { id: string; core: string }) => string) =>
    entries
      .map((e) => ({ e, k: key(e) }))
      .sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0))
      .map((x) => x.e);
  compareNeighbours(byKey((e) => e.core));
  compareNeighbours(byKey((e) => [...e.core].reverse().join('')));
}

export type DuplicateEdge = { a: string; b: string; score: number; reasons: DuplicateReason[] };
export type FoundGroup = { ids: string[]; score: number; reasons: DuplicateReason[]; capped: boolean };
const REASON_ORDER = DuplicateReason.options;

/**
 * Joins pairs into groups (union-find), strongest pairs first. A link that would make a group larger
 * than `maxGroup` is left out and both sides are flagged `capped`, so no chain of look-alikes can
 * swallow the base. A group's score is its best pair's; its reasons, those of all its pairs.
 */
export function groupEdges(edges: DuplicateEdge[], maxGroup = MAX_GROUP): FoundGroup[] {
  const parent = new Map<string, string>();
  const groups = new Map<string, { ids: string[]; score: number; reasons: Set<DuplicateReason>; capped: boolean }>();
  const rootOf = (id: string): string => {
    if (!parent.has(id)) {
      parent.set(id, id);
      groups.set(id, { ids: [id], score: 0, reasons: new Set(), capped: false });
    }
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let at = id; at !== root;) {
      const next = parent.get(at)!;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  for (const edge of [...edges].sort((x, y) => y.score - x.score)) {
    let a = rootOf(edge.a);
    let b = rootOf(edge.b);
    if (a !== b) {
      const ga = groups.get(a)!;
      const gb = groups.get(b)!;
      if (ga.ids.length + gb.ids.length > maxGroup) {
        ga.capped = true;
        gb.capped = true;
        continue;
      }
      if (ga.ids.length < gb.ids.length) [a, b] = [b, a];
      const into = groups.get(a)!;
      const from = groups.get(b)!;
      parent.set(b, a);
      into.ids.push(...from.ids);
      into.score = Math.max(into.score, from.score);
      for (const r of from.reasons) into.reasons.add(r);
      into.capped ||= from.capped;
      groups.delete(b);
    }
    const group = groups.get(a)!;
    group.score = Math.max(group.score, edge.score);
    for (const r of edge.reasons) group.reasons.add(r);
  }
  return [...groups.values()]
    .filter((g) => g.ids.length > 1)
    .map((g) => ({
      ids: g.ids.sort(),
      score: g.score,
      reasons: REASON_ORDER.filter((r) => g.reasons.has(r)),
      capped: g.capped,
    }))
    .sort((x, y) => y.score - x.score);
}

function pushTo<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/** Candidate pairs, each once whatever the order its two ids came in. */
/**
 * Unordered pairs of customer ids. A million customers make millions of candidate pairs: each id is
 * numbered once and a pair is one number (a·2^26 + b, exact below 2^53), a tenth of the memory of a
 * string key per pair.
 */
class PairSet {
  private readonly numbers = new Map<string, number>();
  private readonly idOf: string[] = [];
  private readonly keys = new Set<number>();
  private number(id: string): number {
    let n = this.numbers.get(id);
    if (n === undefined) {
      n = this.idOf.push(id) - 1;
      this.numbers.set(id, n);
    }
    return n;
  }
  private key(a: number, b: number): number {
    return a < b ? a * PAIR_RADIX + b : b * PAIR_RADIX + a;
  }
  add(a: string, b: string): void {
    if (a !== b) this.keys.add(this.key(this.number(a), this.number(b)));
  }
  addAll(ids: string[]): void {
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) this.add(ids[i]!, ids[j]!);
  }
  has(a: string, b: string): boolean {
    const x = this.numbers.get(a);
    const y = this.numbers.get(b);
    return x !== undefined && y !== undefined && this.keys.has(this.key(x, y));
  }
  *pairs(): Generator<[string, string]> {
    for (const key of this.keys) yield [this.idOf[Math.floor(key / PAIR_RADIX)]!, this.idOf[key % PAIR_RADIX]!];
  }
  /** Every id in some pair. */
  ids(): string[] {
    return [...this.idOf];
  }
}
/** More customers than a tenant holds (67 million); their numbers fit a pair in one exact double. */
const PAIR_RADIX = 2 ** 26;

/** Whether two customers lie in one set that somebody dismissed as "not duplicates". */
function dismissedTogether(sets: string[][]): (a: string, b: string) => boolean {
  const setsOf = new Map<string, number[]>();
  sets.forEach((ids, i) => ids.forEach((id) => pushTo(setsOf, id, i)));
  return (a, b) => {
    const of = setsOf.get(b);
    return !!of && (setsOf.get(a) ?? []).some((i) => of.includes(i));
  };
}

// --- the service -------------------------------------------------------------------------------------

export type ScanSummary = {
  customers: number;
  groups: number;
  cappedGroups: number;
  skippedBlocks: SkippedBlock[];
  skippedBlockCount: number;
};
type ScanProgress = (fraction: number) => void;

const groupNotFound = () => new AppError('not_found', 'No such group of duplicates.', { reason: 'record_not_found' });

/** Finding likely duplicates across the whole customer base (CUST-5), and the groups it offers for merging. */
export class DuplicatesService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly collaborators: { jobQueue: JobQueue },
  ) {}

  private get now() {
    return this.deps.clock.now();
  }

  private tx<T>(tenantId: string, work: (tx: Tx) => Promise<T>) {
    return this.deps.database.withTenant(tenantId, work);
  }

  private isRunning(scan: repo.ScanRow) {
    return scan.status === 'running' && this.now.getTime() - scan.heartbeatAt.getTime() < STALE_AFTER_MS;
  }

  private publicScan(scan: repo.ScanRow | undefined) {
    if (!scan)
      return {
        id: null,
        status: 'idle' as const,
        startedAt: null,
        finishedAt: null,
        groups: 0,
        progress: 0,
        customers: 0,
        skippedBlocks: [],
        error: null,
      };
    const died = scan.status === 'running' && !this.isRunning(scan);
    return {
      id: scan.id,
      status: died ? ('failed' as const) : scan.status,
      startedAt: scan.startedAt.toISOString(),
      finishedAt: scan.finishedAt?.toISOString() ?? null,
      groups: scan.groups,
      progress: scan.progress,
      customers: scan.customers,
      skippedBlocks: scan.skippedBlocks,
      error: died ? 'The scan stopped: the process running it ended.' : scan.error,
    };
  }

  /** Starts a scan in the background (a job), or answers the one already running. */
  async startScan(actor: Actor, options: { minScore?: number } = {}) {
    const started = await this.tx(actor.tenantId, async (tx) => {
      const scope = await visibilityFor(tx, actor, 'customers.merge');
      const latest = await repo.latestScan(tx, actor.tenantId);
      if (latest && this.isRunning(latest)) return { scanId: latest.id, queued: false };
      return { scanId: (await this.newScan(tx, actor, scope, options.minScore ?? 0)).id, queued: true };
    });
    if (started.queued) {
      try {
        await this.collaborators.jobQueue.send(DUPLICATE_SCAN_JOB, {
          tenantId: actor.tenantId,
          scanId: started.scanId,
        } satisfies DuplicateScanJob);
      } catch (e) {
        await this.tx(actor.tenantId, (tx) =>
          repo.updateScan(tx, actor.tenantId, started.scanId, { status: 'failed', error: (e as Error).message, finishedAt: this.now }),
        );
        throw e;
      }
    }
    return { scanId: started.scanId };
  }

  private newScan(tx: Tx, actor: Actor, scope: Visibility, minScore: number) {
    const now = this.now;
    return repo.insertScan(tx, {
      tenantId: actor.tenantId,
      id: newId(),
      status: 'running',
      scope,
      minScore,
      createdBy: actor.userId,
      startedAt: now,
      heartbeatAt: now,
    });
  }

  /**
   * The latest scan: running with its progress, or what it found; and, unless it runs, how many
   * groups are open now, which merges, their undoing and dismissals change after the scan.
   */
  async scanStatus(actor: Actor) {
    authorize(actor, 'customers.merge');
    return this.tx(actor.tenantId, async (tx) => {
      const scan = this.publicScan(await repo.latestScan(tx, actor.tenantId));
      // Not while it runs: the status is asked every second then, and the groups are about to be replaced.
      const openGroups =
        scan.status === 'running'
          ? null
          : await repo.countOpenGroups(tx, actor.tenantId, await visibilityFor(tx, actor, 'customers.merge'));
      return { ...scan, openGroups };
    });
  }

  /**
   * Scans now, in this process (the CLI): refused while another scan runs. Answers what the scan
   * found; the groups are then listed as from the API.
   */
  async scanNow(actor: Actor, options: { minScore?: number; onProgress?: ScanProgress } = {}) {
    const scan = await this.tx(actor.tenantId, async (tx) => {
      const scope = await visibilityFor(tx, actor, 'customers.merge');
      const latest = await repo.latestScan(tx, actor.tenantId);
      if (latest && this.isRunning(latest)) {
        throw new AppError('conflict', 'A duplicate scan is running already; wait for it to finish.', { reason: 'duplicate_scan_running' });
      }
      return this.newScan(tx, actor, scope, options.minScore ?? 0);
    });
    return (await this.runScan(actor.tenantId, scan.id, options.onProgress))!;
  }

  /**
   * Runs a scan that was started: finds the groups, then replaces the open groups of its scope with
   * them in one transaction. Marks the scan failed (and rethrows) when anything goes wrong; a scan
   * that is not running any more (done, or failed) is left alone.
   */
  async runScan(tenantId: string, scanId: string, onProgress?: ScanProgress): Promise<ScanSummary | undefined> {
    const scan = await this.tx(tenantId, (tx) => repo.findScan(tx, tenantId, scanId));
    if (!scan || scan.status !== 'running') return undefined;
    const progress = async (fraction: number) => {
      onProgress?.(fraction);
      await this.tx(tenantId, (tx) => repo.updateScan(tx, tenantId, scanId, { progress: fraction, heartbeatAt: this.now }));
    };
    try {
      const found = await this.findGroups(tenantId, scan.scope, scan.minScore, progress);
      const skippedBlocks = found.skipped.sort((a, b) => b.size - a.size).slice(0, REPORTED_BLOCKS);
      await this.tx(tenantId, async (tx) => {
        const groups = found.groups.map((g) => ({ id: newId(), customerIds: g.ids, score: g.score, reasons: g.reasons, capped: g.capped }));
        await repo.replaceOpenGroups(tx, tenantId, scan.scope, groups, this.now);
        await repo.updateScan(tx, tenantId, scanId, {
          status: 'done',
          progress: 1,
          customers: found.customers,
          groups: groups.length,
          skippedBlocks,
          finishedAt: this.now,
          heartbeatAt: this.now,
        });
      });
      onProgress?.(1);
      return {
        customers: found.customers,
        groups: found.groups.length,
        cappedGroups: found.groups.filter((g) => g.capped).length,
        skippedBlocks,
        skippedBlockCount: found.skipped.length,
      };
    } catch (e) {
      await this.tx(tenantId, (tx) =>
        repo.updateScan(tx, tenantId, scanId, { status: 'failed', error: (e as Error).message, finishedAt: this.now }),
      );
      throw e;
    }
  }

  /**
   * Blocking, not all pairs: exact blocks are values several customers share, names and addresses
   * too (found by the database in one aggregate each), the fuzzy ones are similar names within a
   * city (sorted neighbourhood). Each candidate pair is then judged by the duplicate rules, and the
   * pairs are joined into groups.
   */
  private async findGroups(tenantId: string, scope: Visibility, minScore: number, progress: (fraction: number) => Promise<void>) {
    const read = <T>(work: (tx: Tx) => Promise<T>) => this.tx(tenantId, work);
    const customers = await read((tx) => repo.countScanned(tx, tenantId, scope));
    const pairs = new PairSet();
    const skipped: SkippedBlock[] = [];

    const kinds = ['phone', 'email', 'external_code'] as const;
    for (const [i, kind] of kinds.entries()) {
      for (const block of await read((tx) => repo.sharedValues(tx, tenantId, scope, kind, BLOCK_LIMIT))) {
        if (block.ids) pairs.addAll(block.ids);
        else skipped.push({ reason: kind, value: block.value, size: block.size });
      }
      await progress(0.05 + (0.2 * (i + 1)) / kinds.length);
    }

    // The same name only says "the same customer" within one place; across the country it is a namesake.
    for (const block of await read((tx) => repo.sharedNames(tx, tenantId, scope))) {
      const byCity = new Map<string, string[]>();
      block.ids.forEach((id, i) => {
        const city = toSimplified(block.cities[i]!);
        pushTo(byCity, city, id);
      });
      for (const [city, ids] of byCity) {
        if (ids.length > BLOCK_LIMIT)
          skipped.push({ reason: 'same_name', value: city ? `${block.value} (${city})` : block.value, size: ids.length });
        else pairs.addAll(ids);
      }
    }
    await progress(0.35);

    // A shared address alone is an office tower: only the pairs whose names are alike too become edges (the rules judge).
    const sameAddress = new PairSet();
    for (const block of await read((tx) => repo.sharedAddresses(tx, tenantId, scope, BLOCK_LIMIT))) {
      if (block.ids) {
        pairs.addAll(block.ids);
        sameAddress.addAll(block.ids);
      } else skipped.push({ reason: 'address', value: `${block.street} (${block.city})`, size: block.size });
    }
    await progress(0.4);

    // A few cities at a time, so that memory follows the largest city rather than the whole base.
    const batches = cityBatches(await read((tx) => repo.fuzzyCandidatesPerCity(tx, tenantId, scope, MIN_FUZZY_KEY_LENGTH)), FUZZY_BATCH);
    let seen = 0;
    for (const batch of batches) {
      const cities = new Map<string, { id: string; core: string }[]>();
      for (let afterId: string | undefined; ;) {
        const page = await read((tx) => repo.namesInCities(tx, tenantId, scope, batch.cities, afterId, PAGE, MIN_FUZZY_KEY_LENGTH));
        for (const row of page) {
          const city = toSimplified(row.city!);
          const core = nameCore(row.nameKey, city, row.province && toSimplified(row.province));
          if (core.length >= MIN_CORE_LENGTH) pushTo(cities, city, { id: row.id, core });
        }
        if (page.length < PAGE) break;
        afterId = page.at(-1)!.id;
      }
      for (const entries of cities.values()) similarNamePairs(entries, (a, b) => pairs.add(a, b));
      seen += batch.customers;
      await progress(0.4 + 0.3 * Math.min(1, seen / Math.max(1, customers)));
    }
    await progress(0.7);

    const candidates = pairs.ids();
    const records = new Map<string, Awaited<ReturnType<typeof repo.comparables>>[number] & { core: string }>();
    for (let i = 0; i < candidates.length; i += COMPARE_CHUNK) {
      for (const r of await read((tx) => repo.comparables(tx, tenantId, candidates.slice(i, i + COMPARE_CHUNK)))) {
        const city = r.city ? toSimplified(r.city) : null;
        records.set(r.id, { ...r, city, core: nameCore(r.nameKey, city, r.province && toSimplified(r.province)) });
      }
    }
    const dismissed = dismissedTogether(await read((tx) => repo.dismissedSets(tx, tenantId)));
    const edges: DuplicateEdge[] = [];
    for (const [a, b] of pairs.pairs()) {
      const x = records.get(a);
      const y = records.get(b);
      if (!x || !y || dismissed(a, b)) continue;
      const similarity =
        x.city && x.city === y.city && x.core.length >= MIN_CORE_LENGTH && y.core.length >= MIN_CORE_LENGTH
          ? nameSimilarity(x.core, y.core)
          : 0;
      const reasons = duplicateReasons(x, y, {
        similarity: similarity >= NAME_SIMILARITY ? similarity : undefined,
        sameAddress: sameAddress.has(a, b),
      });
      const score = duplicateScore(reasons);
      if (reasons.length > 0 && score >= minScore) edges.push({ a, b, score, reasons });
    }
    await progress(0.9);
    return { customers, groups: groupEdges(edges), skipped };
  }

  /** Open groups, best first, with their customers; only groups whose every customer the actor may merge. */
  async list(actor: Actor, page: PageQuery) {
    return this.tx(actor.tenantId, async (tx) => {
      const scope = await visibilityFor(tx, actor, 'customers.merge');
      const sensitive = await optionalVisibility(tx, actor, 'customers.sensitive');
      const after = decodeCursor(page.cursor, 2) as [number, string] | undefined;
      const rows = await repo.listOpenGroups(tx, actor.tenantId, scope, after, page.limit);
      const more = rows.length > page.limit;
      const data = more ? rows.slice(0, page.limit) : rows;
      const members = await findCustomersByIds(tx, actor.tenantId, [...new Set(data.flatMap((g) => g.customerIds))]);
      const byId = new Map(members.filter((c) => !c.deletedAt && !c.mergedInto).map((c) => [c.id, c]));
      const last = data.at(-1);
      return {
        data: data.map((g) => ({
          id: g.id,
          score: g.score,
          reasons: g.reasons as DuplicateReason[],
          capped: g.capped,
          customers: g.customerIds.flatMap((id) => {
            const c = byId.get(id);
            return c ? [publicCustomer(c, covers(sensitive, c))] : [];
          }),
        })),
        nextCursor: more && last ? encodeCursor([last.score, last.id]) : null,
      };
    });
  }

  /** "Not duplicates": the group is closed, and later scans do not offer these customers together again. */
  async dismiss(actor: Actor, id: string) {
    await this.tx(actor.tenantId, async (tx) => {
      const scope = await visibilityFor(tx, actor, 'customers.merge');
      const group = await repo.findGroup(tx, actor.tenantId, id);
      if (!group || group.status === 'merged') throw groupNotFound();
      const members = await findCustomersByIds(tx, actor.tenantId, group.customerIds);
      if (members.some((c) => !c.deletedAt && !c.mergedInto && !covers(scope, c))) throw groupNotFound();
      if (group.status === 'dismissed') return;
      await repo.setGroupStatus(tx, actor.tenantId, id, 'dismissed');
      await recordChange(
        tx,
        actor.tenantId,
        actor,
        {
          entityType: 'duplicate_group',
          entityId: id,
          action: 'dismissed',
          before: { status: 'open', customerIds: group.customerIds },
          after: { status: 'dismissed', customerIds: group.customerIds },
        },
        this.now,
      );
    });
  }
}
