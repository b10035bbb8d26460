import { App } from 'antd';
import { useCallback, useState } from 'react';
import { useReportError } from '../api/use-report-error';

/**
 * Runs a button's action (delete, revoke, restore, send): marks which one is busy, confirms
 * success, and reports failure. The pattern every non-form action in the app shares.
 */
export function useAction() {
  const { message } = App.useApp();
  const report = useReportError();
  // Which action runs, by a key the caller chooses (usually the record's id).
  const [busy, setBusy] = useState<string>();

  const run = useCallback(
    async (key: string, work: () => Promise<unknown>, success?: string) => {
      setBusy(key);
      try {
        await work();
        if (success) void message.success(success);
      } catch (err) {
        report(err);
      } finally {
        setBusy(undefined);
      }
    },
    [message, report],
  );
  return { run, busy };
}
