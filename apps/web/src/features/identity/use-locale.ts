import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Locale, Me } from '../../api/types';
import { useReportError } from '../../api/use-report-error';
import { isLocale } from '../../i18n';
import { ME_KEY } from './session';

/** Switches the language at once and, when someone is signed in, remembers it on their account. */
export function useChangeLocale() {
  const { i18n } = useTranslation();
  const queryClient = useQueryClient();
  const report = useReportError();
  return useCallback(
    async (locale: Locale) => {
      await i18n.changeLanguage(locale);
      const me = queryClient.getQueryData<Me | null>(ME_KEY);
      if (!me || me.locale === locale) return;
      try {
        queryClient.setQueryData(ME_KEY, await api.patch<Me>('/v1/users/me', { locale }));
      } catch (err) {
        report(err);
      }
    },
    [i18n, queryClient, report],
  );
}

/** After sign-in the language saved on the account wins over the browser's. */
export function useFollowAccountLocale(locale: string | null): void {
  const { i18n } = useTranslation();
  useEffect(() => {
    if (isLocale(locale) && locale !== i18n.language) void i18n.changeLanguage(locale);
  }, [locale, i18n]);
}
