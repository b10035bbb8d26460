import { Input } from 'antd';
import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';

/** The longest contact the server takes: a week. */
const MAX_SECONDS = 7 * 86_400;

/**
 * Seconds from what people type: minutes (`5`), or minutes and seconds (`4:30`, also with a
 * full-width colon). Blank is null; anything else is NaN, which the field's rule refuses.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const match = /^(\d{1,5})(?:\s*[:：]\s*(\d{1,2}))?$/.exec(trimmed);
  if (!match) return Number.NaN;
  const seconds = match[2] === undefined ? 0 : Number(match[2]);
  if (seconds >= 60) return Number.NaN;
  return Number(match[1]) * 60 + seconds;
}

/** A duration as `m:ss` (`h:mm:ss` from an hour), the same in every language. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

export const durationRule = (t: TFunction): FormRule => ({
  validator: (_rule, value: unknown) =>
    typeof value === 'number' && (Number.isNaN(value) || value > MAX_SECONDS)
      ? Promise.reject(new Error(t('interactions.log.durationInvalid')))
      : Promise.resolve(),
});

type DurationInputProps = {
  /** Seconds; NaN while the text typed cannot be read. */
  value?: number | null;
  onChange?: (value: number | null) => void;
  placeholder?: string;
  id?: string;
  testId?: string;
};

/** Minutes, or minutes:seconds, typed as text; the form holds seconds, as the API does. */
export function DurationInput({ value, onChange, placeholder, id, testId }: DurationInputProps) {
  const [text, setText] = useState(() => (typeof value === 'number' && !Number.isNaN(value) ? formatDuration(value) : ''));
  // A value set from outside (the form reset or filled) replaces the text; one typed here does not.
  const [seen, setSeen] = useState(value);
  if (!Object.is(seen, value)) {
    setSeen(value);
    const typed = parseDuration(text);
    if (!Object.is(typed, value ?? null)) setText(typeof value === 'number' && !Number.isNaN(value) ? formatDuration(value) : '');
  }
  return (
    <Input
      id={id}
      value={text}
      placeholder={placeholder}
      autoComplete="off"
      onChange={(e) => {
        setText(e.target.value);
        onChange?.(parseDuration(e.target.value));
      }}
      data-testid={testId}
    />
  );
}
