import type { Context } from 'hono';
import type { Authenticated } from '../modules/identity/auth.service.js';
import type { Actor } from '../modules/identity/actor.js';
import type { Services } from '../app.js';
import { AppError } from './errors.js';

export type AppEnv = {
  Variables: {
    services: Services;
    auth: Authenticated | undefined;
    /** How the caller authenticated: decides whether CSRF applies. */
    authVia: 'cookie' | 'bearer' | undefined;
    clientIp: string;
  };
};

/**
 * The signed-in caller, or 401. Sessions half-way through sign-in (waiting for the second factor
 * or its enrolment) are refused unless the route is one of the steps that completes it.
 */
export function actorOf(c: Context<AppEnv>, opts: { allowPending?: boolean } = {}): Actor {
  const auth = c.get('auth');
  if (!auth)
    throw new AppError('unauthenticated', 'Sign in, or send an API token as "Authorization: Bearer …".', { reason: 'not_signed_in' });
  if (auth.sessionState !== 'active' && !opts.allowPending) {
    throw new AppError(
      'mfa_required',
      auth.sessionState === 'mfa'
        ? 'Enter the code from your authenticator app.'
        : 'Your role requires two-factor sign-in; set it up first.',
      {
        reason: auth.sessionState === 'mfa' ? 'mfa_code_required' : 'mfa_setup_required',
        mfaRequired: auth.sessionState === 'mfa',
        mfaSetupRequired: auth.sessionState === 'mfa_setup',
      },
    );
  }
  return auth.actor;
}

export const clientOf = (c: Context<AppEnv>) => ({ ip: c.get('clientIp'), userAgent: c.req.header('user-agent') });
