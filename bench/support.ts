/** What the benchmarks share: statistics, and an API token made the way a new user would. */

export const median = (values: number[]) => percentile(values, 50);

/** Nearest-rank percentile of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50 && sorted.length % 2 === 0) return (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Sets up the organisation through the API, as a browser would, and makes an admin API token. */
export async function apiToken(url: string): Promise<string> {
  const setup = await fetch(`${url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organisationName: 'Bench Co', name: 'Bench Admin', email: 'bench@example.com', password: 'Correct-Horse-42' }),
  });
  if (setup.status !== 201) throw new Error(`set-up answered ${setup.status}: ${await setup.text()}`);
  const cookies = Object.fromEntries(setup.headers.getSetCookie().map((c) => c.split(';')[0]!.split('=') as [string, string]));
  const session = {
    cookie: Object.entries(cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
    'x-csrf-token': cookies.rapport_csrf!,
  };
  const roles = (await (await fetch(`${url}/api/v1/roles`, { headers: session })).json()) as { data: { id: string; key: string }[] };
  const created = await fetch(`${url}/api/v1/api-tokens`, {
    method: 'POST',
    headers: { ...session, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', roleId: roles.data.find((r) => r.key === 'admin')!.id }),
  });
  if (created.status !== 201) throw new Error(`creating the API token answered ${created.status}: ${await created.text()}`);
  return ((await created.json()) as { token: string }).token;
}

export const machine = async () => {
  const os = await import('node:os');
  return { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) };
};
