import { Select } from 'antd';
import { LOCALES } from '../api/types';
import { LOCALE_NAMES } from '../i18n';

type LocaleSelectProps = {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** Shown when no language is chosen, for records that may follow a default. */
  placeholder?: string;
  testId?: string;
};

export function LocaleSelect({ value, onChange, placeholder, testId }: LocaleSelectProps) {
  return (
    <Select
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      allowClear={placeholder !== undefined}
      placeholder={placeholder}
      options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
      data-testid={testId}
    />
  );
}
