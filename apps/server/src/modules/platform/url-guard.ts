import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import type { Reason, ReasonParams } from '../../http/errors.js';

/**
 * The SSRF guard for URLs the server calls on a tenant's behalf (webhooks): only http(s), and
 * only hosts whose every address is public — unless the tenant allows receivers on its own
 * network. Checked when the URL is saved and again before each request, since DNS may change.
 */

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Every address a host name resolves to. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** A URL that passed the guard, with the addresses that were checked: connect to these, not to a new lookup. */
export type VettedUrl = { url: URL; addresses: ResolvedAddress[] };

export class UrlRefusedError extends Error {
  /** `retryable` when the refusal may pass later by itself (the host did not resolve). */
  constructor(
    readonly reason: Reason,
    message: string,
    readonly params: ReasonParams = {},
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'UrlRefusedError';
  }
}

export type AddressReach = 'public' | 'private' | 'forbidden';

/** What a tenant may allow for receivers on its own network; every other special range is never called. */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);
/** IPv6 ranges that carry an IPv4 address in their last 32 bits: IPv4-mapped, SIIT, NAT64. */
const IPV4_IN_LAST_32_BITS = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052']);
/** Only this part of IPv6 is routed on the internet; the rest of what ipaddr.js calls unicast (such as ::127.0.0.1) is not. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');
/**
 * Cloud metadata services that sit inside ranges a tenant may allow: Alibaba Cloud's in CGNAT
 * space and AWS's IPv6 one in ULA space. (169.254.169.254 and its kin are link-local, never allowed.)
 */
const METADATA_SERVICES = new Set(['100.100.100.200', 'fd00:ec2::254']);

/**
 * Where an address leads. IPv6 forms that embed an IPv4 address are judged by that address, so
 * ::ffff:127.0.0.1 and 64:ff9b::10.0.0.1 are as private as 127.0.0.1 and 10.0.0.1. Link-local
 * (169.254.169.254, the cloud metadata service), unspecified, multicast and reserved addresses are
 * forbidden whatever the tenant allows.
 */
export function reachOf(address: string): AddressReach {
  const ip = ipaddr.parse(address);
  if (METADATA_SERVICES.has(ip.toString())) return 'forbidden';
  const range = ip.range();
  if (ip.kind() === 'ipv6') {
    const bytes = ip.toByteArray();
    if (IPV4_IN_LAST_32_BITS.has(range)) return reachOf(new ipaddr.IPv4(bytes.slice(12, 16)).toString());
    if (range === '6to4') return reachOf(new ipaddr.IPv4(bytes.slice(2, 6)).toString());
    if (range === 'unicast' && !ip.match(GLOBAL_UNICAST_V6)) return 'forbidden';
  }
  if (range === 'unicast') return 'public';
  return PRIVATE_RANGES.has(range) ? 'private' : 'forbidden';
}

const REFUSALS: Record<Exclude<AddressReach, 'public'>, { reason: Reason; words: string }> = {
  private: {
    reason: 'webhook_url_private',
    words: 'is on a private network; webhooks may call it only when the organisation allows private webhook URLs',
  },
  forbidden: {
    reason: 'webhook_url_forbidden',
    words: 'is a link-local, metadata, multicast or reserved address, which webhooks may never call',
  },
};

export async function vetUrl(raw: string, opts: { allowPrivate: boolean; resolve?: Resolver }): Promise<VettedUrl> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UrlRefusedError('webhook_url_invalid', 'This is not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UrlRefusedError('webhook_url_scheme', 'Webhook URLs must start with http:// or https://.');
  // The WHATWG parser has already rewritten 2130706433, 0177.0.0.1, 0x7f000001 and 127.1 as 127.0.0.1.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const name = host.replace(/\.$/, '').toLowerCase();
  // Names under .localhost are this machine by definition (RFC 6761), whatever the resolver says.
  if (!opts.allowPrivate && (name === 'localhost' || name.endsWith('.localhost')))
    throw new UrlRefusedError(REFUSALS.private.reason, `${url.hostname} ${REFUSALS.private.words}.`, { host: url.hostname });
  const family = net.isIP(host);
  const addresses: ResolvedAddress[] =
    family === 0 ? await resolveHost(host, opts.resolve ?? systemResolver) : [{ address: host, family: family === 6 ? 6 : 4 }];
  for (const { address } of addresses) {
    const reach = reachOf(address);
    if (reach === 'forbidden' || (reach === 'private' && !opts.allowPrivate)) {
      const { reason, words } = REFUSALS[reach];
      throw new UrlRefusedError(
        reason,
        address === host ? `${address} ${words}.` : `${url.hostname} resolves to ${address}, which ${words}.`,
        { host: url.hostname, address },
      );
    }
  }
  return { url, addresses };
}

async function resolveHost(host: string, resolve: Resolver): Promise<ResolvedAddress[]> {
  let addresses: ResolvedAddress[] = [];
  try {
    addresses = await resolve(host);
  } catch {
    // handled below: an unknown host and an empty answer are the same to the caller
  }
  if (addresses.length === 0) throw new UrlRefusedError('webhook_host_unknown', `The host ${host} could not be found.`, { host }, true);
  return addresses;
}

/**
 * For `http.request`'s `lookup`: answers the vetted addresses instead of asking DNS again, which
 * could by now answer differently (DNS rebinding). The host name itself is kept for TLS.
 */
export function pinnedLookup(addresses: ResolvedAddress[]): net.LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
}
