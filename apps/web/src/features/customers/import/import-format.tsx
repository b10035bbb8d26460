import { App, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { describeError, useReportError } from '../../../api/use-report-error';
import type { ImportStatus, RowError } from './import-types';

/** Counts with thousands separators: a million rows is easier to read as 1,000,000. */
export const formatCount = (value: number) => value.toLocaleString('en-US');

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A remaining time as people say it: seconds while short, minutes after, hours for the long ones. */
export function formatDuration(t: TFunction, totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return t('imports.run.seconds', { s: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('imports.run.minutes', { m: minutes, s: seconds % 60 });
  return t('imports.run.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/**
 * Why a row was refused, in the person's language: the import's own reasons first, then the API's
 * general ones (invalid_phone, …), and the bare code when this UI does not know it yet.
 */
export function rowReasonText(t: TFunction, error: RowError): string {
  const params = { value: error.value ?? '', field: error.column ?? '' };
  return t(`imports.rowReasons.${error.reason}`, {
    ...params,
    defaultValue: t(`errors.${error.reason}`, { ...params, defaultValue: error.reason }),
  });
}

const STATUS_COLORS: Record<ImportStatus, string> = {
  uploaded: 'default',
  queued: 'processing',
  running: 'processing',
  completed: 'success',
  failed: 'error',
  cancelled: 'warning',
};

export function ImportStatusTag({ status, dryRun }: { status: ImportStatus; dryRun?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={STATUS_COLORS[status]}>{t(`imports.status.${status}`)}</Tag>
      {dryRun ? <Tag color="purple">{t('imports.dryRunTag')}</Tag> : null}
    </>
  );
}

/**
 * A failed import call in the person's language. A file the server cannot read names its problem
 * as a code (`wrong_encoding`, and the row where known), worded here rather than shown raw.
 */
export function describeImportError(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && err.problem.reason === 'import_file_problem') {
    const { problem, row } = err.problem.params ?? {};
    const text = t(`imports.fileProblems.${String(problem)}`, { defaultValue: describeError(t, err) });
    return row === undefined ? text : `${text} ${t('imports.fileProblems.atRow', { row })}`;
  }
  return describeError(t, err);
}

/** Reports a failed import call: unreadable files in words of their own, everything else as any call. */
export function useReportImportError() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const report = useReportError();
  return useCallback(
    (err: unknown) => {
      if (err instanceof ApiError && err.problem.reason === 'import_file_problem') void message.error(describeImportError(t, err));
      else report(err);
    },
    [t, message, report],
  );
}
