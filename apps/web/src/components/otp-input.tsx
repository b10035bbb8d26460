import { Input, type InputProps } from 'antd';

/**
 * One box for a 6-digit authenticator code: phones show the number pad and offer codes from SMS or
 * the keychain, and pasting the whole code works.
 */
export function OtpInput(props: InputProps) {
  return (
    <Input
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      placeholder="000000"
      style={{ letterSpacing: '0.3em', maxWidth: 200 }}
      {...props}
    />
  );
}
