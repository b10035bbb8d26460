import type { Tier } from '../../api/types';

/** How the contact-activity report groups the interactions of a period. */
export const GROUP_BYS = ['user', 'branch', 'channel', 'day'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** One group of GET /v1/reports/contact-activity. */
export type ActivityRow = {
  /** The user's, branch's or channel's id, or the day (YYYY-MM-DD); null for "none" (no branch). */
  key: string | null;
  /** The user's or branch's name. */
  label: string | null;
  count: number;
  durationSeconds: number;
  inbound: number;
  outbound: number;
};

/** One customer of GET /v1/reports/not-contacted. */
export type NotContactedRow = {
  id: string;
  code: string;
  name: string;
  tier: string | null;
  ownerId: string | null;
  ownerName: string | null;
  /** Null: never contacted. */
  lastContactAt: string | null;
};

export type NotContactedPage = { days: number; data: NotContactedRow[]; nextCursor: string | null };

/** A tier's 定期回访 plan, GET/PUT /v1/follow-up-plans. */
export type FollowUpPlan = { tier: Tier; intervalDays: number; active: boolean; title: string | null };
