import { App, type FormInstance } from 'antd';
import { useState } from 'react';
import { useReportError } from '../api/use-report-error';

type Options = {
  /** Said when the action succeeds. */
  success?: string;
  /** Empty the form after success, for forms whose values must not linger (passwords). */
  reset?: boolean;
};

/**
 * Runs a form's action with a busy flag, reports failures onto the form's fields, and confirms
 * success: the pattern every form in the app shares.
 */
export function useFormSubmit<V>(form: FormInstance<V>, action: (values: V) => Promise<unknown>, options: Options = {}) {
  const { message } = App.useApp();
  const report = useReportError();
  const [busy, setBusy] = useState(false);

  const submit = (values: V) => {
    setBusy(true);
    action(values)
      .then(
        () => {
          if (options.success) void message.success(options.success);
          if (options.reset) form.resetFields();
        },
        (err: unknown) => report(err, form),
      )
      .finally(() => setBusy(false));
  };
  return { submit, busy };
}
