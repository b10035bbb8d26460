import type { TFunction } from 'i18next';

/** Seconds as "2 h 5 min", "12 min" or "40 s", in the reader's language. */
export function formatDuration(t: TFunction, seconds: number): string {
  if (seconds <= 0) return '—';
  if (seconds < 60) return t('reports.duration.s', { s: seconds });
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('reports.duration.m', { m });
  return m === 0 ? t('reports.duration.h', { h }) : t('reports.duration.hm', { h, m });
}
