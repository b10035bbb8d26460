import { hash, verify } from '@node-rs/argon2';
import { fieldError, type Reason, type ReasonParams } from '../../http/errors.js';

/** OWASP Password Storage Cheat Sheet (2025): argon2id, 19 MiB, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = {
  algorithm: 2 /* Argon2id; the package's enum is a const enum */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2_OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified against when no user matches, so a wrong email takes as long as a wrong password. */
let decoyHash: Promise<string> | undefined;
export const decoyPasswordHash = (): Promise<string> => (decoyHash ??= hashPassword('decoy-password-never-matches'));

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, email?: string): { reason: Reason; message: string; params?: ReasonParams } | undefined {
  if (password.length < PASSWORD_MIN)
    return {
      reason: 'password_too_short',
      message: `The password must have at least ${PASSWORD_MIN} characters.`,
      params: { min: PASSWORD_MIN },
    };
  if (password.length > PASSWORD_MAX)
    return {
      reason: 'password_too_long',
      message: `The password must have at most ${PASSWORD_MAX} characters.`,
      params: { max: PASSWORD_MAX },
    };
  if (email && password.toLowerCase().includes(email.toLowerCase().split('@')[0] ?? '\u0000')) {
    return { reason: 'password_contains_email', message: 'The password must not contain your email name.' };
  }
  if (new Set(password).size < 4) return { reason: 'password_too_simple', message: 'The password is too simple.' };
  return undefined;
}

/** Refuses a new password in the field `path`, or lets it pass. */
export function checkNewPassword(path: string, password: string, email?: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw fieldError(path, problem.reason, problem.message, { params: problem.params });
}
