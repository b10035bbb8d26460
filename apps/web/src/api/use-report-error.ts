import { useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ReasonParams } from './client';

/**
 * A reason of the server in the person's language, or '' when the UI has no words for it (a server
 * newer than this UI), so the caller falls back to the server's English.
 */
function reasonText(t: TFunction, reason: string | undefined, params: ReasonParams | undefined): string {
  return reason ? t(`errors.${reason}`, { ...params, defaultValue: '' }) : '';
}

/** What to tell a person about a failed call, in their language where the server's words won't do. */
export function describeError(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return t('errors.generic');
  if (err.status === 0) return t('errors.network');
  const known = reasonText(t, err.problem.reason, err.problem.params);
  if (known) return known;
  if (err.status === 412) return t('errors.stale_version');
  if (err.status === 429) {
    return err.retryAfterSeconds ? t('errors.rateLimitedFor', { seconds: err.retryAfterSeconds }) : t('errors.rateLimited');
  }
  if (err.status >= 500) return t('errors.server');
  return err.detail || t('errors.generic');
}

/**
 * Puts the server's field errors next to the fields they belong to. Paths are dotted
 * (`permissions.3.scope`); the longest prefix that names a field of the form wins.
 */
function applyFieldErrors(t: TFunction, form: FormInstance, err: ApiError): void {
  const registered = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  for (const { path, message, reason, params } of err.fieldErrors) {
    const segments = path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    for (let n = segments.length; n > 0; n--) {
      const name = segments.slice(0, n);
      if (registered.has(JSON.stringify(name))) {
        fields.push({ name, errors: [reasonText(t, reason, params) || message] });
        break;
      }
    }
  }
  if (fields.length) form.setFields(fields);
}

/**
 * Reports a failed call: field errors onto the form, the rest as a message. A 412 means someone
 * else saved first, so everything on screen is reloaded before the person tries again.
 */
export function useReportError() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (err instanceof ApiError && err.status === 412) void queryClient.invalidateQueries();
      if (form && err instanceof ApiError) applyFieldErrors(t, form, err);
      void message.error(describeError(t, err));
    },
    [message, t, queryClient],
  );
}
