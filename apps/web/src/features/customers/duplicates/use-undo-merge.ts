import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, request } from '../../../api/client';
import { useReportError } from '../../../api/use-report-error';
import { CUSTOMERS_KEY } from '../customer-queries';
import { DUPLICATES_KEY, MERGES_KEY, type Merge } from './duplicate-types';

/**
 * Undoes a merge. When the remaining customer changed after the merge, the server refuses (409
 * merge_survivor_changed), since undoing restores it as it was and those changes would be lost:
 * the person is told so and may undo anyway.
 */
export function useUndoMerge() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const report = useReportError();

  return useCallback(
    async (merge: Merge) => {
      const refresh = () =>
        Promise.all([MERGES_KEY, DUPLICATES_KEY, CUSTOMERS_KEY].map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
      const undo = async (force: boolean) => {
        await request<Merge>('POST', `/v1/merges/${merge.id}/undo`, { body: {}, query: { force: force || undefined } });
        void message.success(t('duplicates.history.undone'));
        await refresh();
      };
      try {
        await undo(false);
      } catch (err) {
        const reason = err instanceof ApiError ? err.problem.reason : undefined;
        if (reason === 'merge_already_undone') {
          void message.info(t('duplicates.history.alreadyUndone'));
          await refresh();
        } else if (reason === 'merge_survivor_changed') {
          modal.confirm({
            title: t('duplicates.history.survivorChangedTitle'),
            content: t('duplicates.history.survivorChanged', { code: (err as ApiError).problem.params?.code ?? '' }),
            okText: t('duplicates.history.undoAnyway'),
            okButtonProps: { danger: true },
            cancelText: t('common.cancel'),
            onOk: () => undo(true).catch(report),
          });
        } else {
          report(err);
        }
      }
    },
    [t, message, modal, queryClient, report],
  );
}
