import { describe, expect, it } from 'vitest';
import { pinnedLookup, reachOf, type ResolvedAddress, type Resolver, UrlRefusedError, vetUrl } from './url-guard.js';
import { NUMERIC_LOOPBACK_FORMS } from './url-guard.fixtures.js';

/** A DNS of our own: names answer what the test says, whatever the machine's resolver would. */
const fakeDns =
  (answers: Record<string, string[]>): Resolver =>
  (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };

async function refusal(url: string, opts: { allowPrivate?: boolean; resolve?: Resolver } = {}): Promise<UrlRefusedError> {
  const err = await vetUrl(url, { allowPrivate: opts.allowPrivate ?? false, resolve: opts.resolve }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof UrlRefusedError)) throw new Error(`expected ${url} to be refused`);
  return err;
}

describe('reachOf', () => {
  it.each([
    ['93.184.215.14', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['64:ff9b::808:808', 'public'],
    ['127.0.0.1', 'private'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.0.1', 'private'],
    ['100.64.0.1', 'private'],
    ['::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['::ffff:127.0.0.1', 'private'],
    ['::ffff:7f00:1', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:1::1', 'private'],
    ['169.254.169.254', 'forbidden'],
    ['::ffff:169.254.169.254', 'forbidden'],
    ['100.100.100.200', 'forbidden'],
    ['fd00:ec2::254', 'forbidden'],
    ['0.0.0.0', 'forbidden'],
    ['224.0.0.1', 'forbidden'],
    ['255.255.255.255', 'forbidden'],
    ['240.0.0.1', 'forbidden'],
    ['fe80::1', 'forbidden'],
    ['::', 'forbidden'],
    ['::7f00:1', 'forbidden'],
    ['ff02::1', 'forbidden'],
  ])('%s is %s', (address, reach) => {
    expect(reachOf(address)).toBe(reach);
  });
});

describe('vetUrl', () => {
  it.each(NUMERIC_LOOPBACK_FORMS)('sees through the numeric form %s to 127.0.0.1', async (url) => {
    expect((await refusal(url)).message).toMatch(/private network/);
    expect((await vetUrl(url, { allowPrivate: true })).addresses).toHaveLength(1);
  });

  it('refuses localhost names without asking DNS', async () => {
    const resolve = fakeDns({ localhost: ['93.184.215.14'], 'app.localhost': ['93.184.215.14'] });
    for (const url of ['http://localhost/', 'http://LOCALHOST./', 'http://app.localhost:8080/'])
      expect((await refusal(url, { resolve })).retryable).toBe(false);
  });

  it('refuses a name that resolves to a private address, even when only one of its addresses is', async () => {
    const resolve = fakeDns({ 'intranet.example.com': ['10.0.0.7'], 'mixed.example.com': ['93.184.215.14', '192.168.1.20'] });
    expect((await refusal('https://intranet.example.com/hook', { resolve })).message).toBe(
      'intranet.example.com resolves to 10.0.0.7, which is on a private network; webhooks may call it only when the organisation allows private webhook URLs.',
    );
    expect((await refusal('https://mixed.example.com/hook', { resolve })).message).toMatch(/192\.168\.1\.20/);
  });

  it('answers the checked addresses of a public name, so the connection goes to them', async () => {
    const resolve = fakeDns({ 'erp.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });
    const vetted = await vetUrl('https://erp.example.com/rapport', { allowPrivate: false, resolve });
    expect(vetted.url.href).toBe('https://erp.example.com/rapport');
    expect(vetted.addresses).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
  });

  it('lets a tenant allow its own network, but never link-local or metadata addresses', async () => {
    const resolve = fakeDns({ 'metadata.internal': ['169.254.169.254'], 'erp.corp': ['10.0.0.7'] });
    await expect(vetUrl('http://erp.corp:8080/', { allowPrivate: true, resolve })).resolves.toMatchObject({
      addresses: [{ address: '10.0.0.7' }],
    });
    for (const url of [
      'http://metadata.internal/',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.100.100.200/latest/meta-data/',
      'http://[fe80::1]/',
    ]) {
      expect((await refusal(url, { allowPrivate: true, resolve })).message).toMatch(/may never call/);
    }
  });

  it('refuses what is not an http(s) URL', async () => {
    for (const url of ['ftp://example.com/', 'file:///etc/passwd', 'gopher://127.0.0.1/', 'not a url'])
      expect((await refusal(url)).retryable).toBe(false);
  });

  it('calls a host that cannot be found a refusal that may pass later', async () => {
    const err = await refusal('https://gone.example.com/', { resolve: fakeDns({}) });
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/could not be found/);
  });
});

describe('pinnedLookup', () => {
  it('answers the vetted addresses whichever form the caller asks for', () => {
    const addresses: ResolvedAddress[] = [
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ];
    const lookup = pinnedLookup(addresses);
    lookup('erp.example.com', { all: true }, (err, all) => expect([err, all]).toEqual([null, addresses]));
    lookup('erp.example.com', {}, (err, address, family) => expect([err, address, family]).toEqual([null, '93.184.215.14', 4]));
  });
});
