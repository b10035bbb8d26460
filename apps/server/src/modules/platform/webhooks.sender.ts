import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { pinnedLookup, UrlRefusedError, vetUrl, type VettedUrl } from './url-guard.js';

export const DELIVERY_TIMEOUT_MS = 10_000;
export const MAX_REDIRECTS = 3;
/** Enough of a receiver's answer to see what went wrong; the rest is not read. */
const EXCERPT_BYTES = 300;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** `sha256=` and the hex HMAC-SHA256 of `<timestamp>.<body>`: what receivers recompute with their secret. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type WebhookRequest = {
  url: string;
  secret: string;
  deliveryId: string;
  eventType: string;
  body: string;
  /** Unix seconds; part of what is signed, so receivers can refuse old replays. */
  timestamp: number;
  allowPrivate: boolean;
};

/**
 * `delivered`: a 2xx answer. `rejected` (another answer) and `unreachable` (no answer) are worth
 * retrying; `refused` is not: the URL guard will not let the request go to that address.
 */
export type SendOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'rejected'; status: number; error: string }
  | { kind: 'unreachable'; error: string }
  | { kind: 'refused'; error: string };

/**
 * POSTs one signed delivery. Every hop is vetted by the URL guard and connects to the address it
 * vetted; redirects are followed by hand, at most MAX_REDIRECTS, each target checked first.
 */
export async function sendWebhook(req: WebhookRequest): Promise<SendOutcome> {
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Rapport-Webhooks',
    'x-rapport-event': req.eventType,
    'x-rapport-delivery': req.deliveryId,
    'x-rapport-timestamp': String(req.timestamp),
    'x-rapport-signature': webhookSignature(req.secret, req.timestamp, req.body),
  };
  let url = req.url;
  for (let redirects = 0; ; redirects++) {
    let target: VettedUrl;
    try {
      target = await vetUrl(url, { allowPrivate: req.allowPrivate });
    } catch (err) {
      if (!(err instanceof UrlRefusedError)) throw err;
      const error = redirects > 0 ? `Redirected to ${url}: ${err.message}` : err.message;
      return err.retryable ? { kind: 'unreachable', error } : { kind: 'refused', error };
    }
    let answer: Answer;
    try {
      answer = await post(target, req.body, headers);
    } catch (err) {
      return { kind: 'unreachable', error: networkProblem(err) };
    }
    const { status, location, excerpt } = answer;
    if (status >= 200 && status < 300) return { kind: 'delivered', status };
    if (REDIRECT_STATUSES.has(status) && location) {
      if (redirects === MAX_REDIRECTS) return { kind: 'rejected', status, error: `More than ${MAX_REDIRECTS} redirects.` };
      if (!URL.canParse(location, target.url.href))
        return { kind: 'rejected', status, error: `The redirect goes to an invalid URL: ${location.slice(0, 200)}` };
      // The same signed POST goes on to the new place: a receiver that moved still gets its events.
      url = new URL(location, target.url).href;
      continue;
    }
    return {
      kind: 'rejected',
      status,
      error: excerpt ? `The receiver answered ${status}: ${excerpt}` : `The receiver answered ${status}.`,
    };
  }
}

type Answer = { status: number; location: string | undefined; excerpt: string };

function post(target: VettedUrl, body: string, headers: Record<string, string>): Promise<Answer> {
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target.url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(target.addresses),
        // No pooled connections: a kept-alive socket may lead to an address that is no longer allowed.
        agent: false,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          resolve({ status: response.statusCode ?? 0, location: response.headers.location, excerpt: excerptOf(Buffer.concat(chunks)) });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= EXCERPT_BYTES) finish();
        });
        response.on('end', finish);
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function excerptOf(bytes: Buffer): string {
  return bytes
    .subarray(0, EXCERPT_BYTES)
    .toString('utf8')
    .replace(/\uFFFD+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function networkProblem(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string };
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s.`;
  return `Could not reach the receiver: ${e.code ?? e.message ?? String(err)}`;
}
