import { authenticator } from 'otplib';

/** RFC 6238 TOTP as authenticator apps use it: SHA-1, 6 digits, 30-second steps, ±1 step of drift. */
authenticator.options = { step: 30, window: 1, digits: 6 };

export const ISSUER = 'Rapport';
export const newTotpSecret = (): string => authenticator.generateSecret(20);
export const totpUri = (account: string, secret: string): string => authenticator.keyuri(account, ISSUER, secret);

/**
 * Checks a code at `now` and returns the time step it matched, so callers can refuse the same
 * code twice (RFC 6238 §5.2), or undefined when it does not match.
 */
export function matchTotp(secret: string, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const opts = authenticator.allOptions();
  const step = Math.floor(now.getTime() / 1000 / opts.step);
  for (const delta of [0, -1, 1]) {
    const candidate = authenticator.clone({ ...opts, epoch: (step + delta) * opts.step * 1000, window: 0 });
    if (candidate.check(code, secret)) return step + delta;
  }
  return undefined;
}

/** For tests and the CLI: the code an app would show at `now`. */
export function totpAt(secret: string, now: Date): string {
  return authenticator.clone({ ...authenticator.allOptions(), epoch: now.getTime() }).generate(secret);
}
