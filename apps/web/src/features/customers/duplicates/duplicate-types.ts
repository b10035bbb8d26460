/** The shapes of the duplicates and merges API (customers-api contract, "Duplicates and merges"). */
import type { Customer, DuplicateReason } from '../../../api/types';

export type DuplicateGroup = {
  id: string;
  score: number;
  reasons: DuplicateReason[];
  /** More customers are linked to the group than it lists. */
  capped: boolean;
  customers: Customer[];
};

export type ScanStatus = {
  status: 'idle' | 'running' | 'done' | 'failed';
  startedAt: string | null;
  finishedAt: string | null;
  /** Groups the scan found. */
  groups: number;
  /** Groups open now, after the merges, undos and dismissals since the scan; null while a scan runs. */
  openGroups: number | null;
  /** 0..1 */
  progress: number;
  /** Customers compared. */
  customers: number;
  /** Values shared by too many customers to compare (a switchboard number), largest first. */
  skippedBlocks: { reason: string; value: string; size: number }[];
  /** Why the scan failed, in English. */
  error: string | null;
};

export type Merge = {
  id: string;
  survivorId: string;
  mergedIds: string[];
  at: string;
  actorLabel: string | null;
  undoneAt: string | null;
  /** What moved to the survivor, by kind, e.g. { contacts: 3 }. */
  moved: Record<string, number>;
};

export type MergeBody = {
  survivorId: string;
  mergedIds: string[];
  /** Field → the customer whose value survives. */
  fields: Record<string, string>;
  /** The version of each customer as the person saw it; any change since answers 412. */
  versions: Record<string, number>;
};

export const DUPLICATES_KEY = 'duplicates';
export const MERGES_KEY = 'merges';
