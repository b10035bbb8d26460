import { type Command, Option } from 'commander';
import { readLock } from '../db/data-dir-lock.js';
import { CliError, cliConfig } from './cli-support.js';
import { wholeNumber } from './dedupe-command.js';

type Options = {
  from: string;
  to?: string;
  agent?: string;
  direction: 'inbound' | 'outbound';
  callId?: string;
  ring: number;
  talk: number;
  url?: string;
  token: string;
};
type CallResult = { state: string; number: string; customer: { code: string; name: string } | null; interactionId: string | null };

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** The server to talk to: --url, else the one running on this data directory, else the configured address. */
function serverUrl(url: string | undefined): string {
  if (url) return url.replace(/\/+$/, '');
  const config = cliConfig();
  const running = config.databaseUrl ? undefined : readLock(config.dataDir)?.url;
  return running ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
}

/** `rapport cti simulate`: plays one phone call to a running server the way a PBX reports it, so anyone can try the screen pop. */
export function registerCtiCommands(program: Command): void {
  const cti = program.command('cti').description('Call-centre integration (a PBX reports calls to POST /api/v1/cti/events)');
  cti
    .command('simulate')
    .description(
      'Play a phone call to a running Rapport server as a PBX would — ringing, answered, ended — so that the agent signed in to the web UI sees the caller pop up, and the call lands on the customer’s timeline',
    )
    .requiredOption('--from <number>', 'the caller’s number, in any format (+86 138 0013 8000, 021-6234 5678…)')
    .option('--to <number>', 'the number called; for an outbound call, the customer’s')
    .option('--agent <email|extension>', 'the agent whose screen it rings on (their sign-in email or phone extension)')
    .addOption(new Option('--direction <direction>', 'who called whom').choices(['inbound', 'outbound']).default('inbound'))
    .option('--call-id <id>', 'the PBX’s id of the call (default: a new one)')
    .option('--ring <seconds>', 'seconds it rings before it is answered', wholeNumber(0, 600), 3)
    .option('--talk <seconds>', 'seconds of conversation; 0 for a call nobody answered', wholeNumber(0, 36_000), 5)
    .option('--url <url>', 'the server (default: the one running on this data directory, else HOST and PORT)')
    .addOption(
      new Option('--token <token>', 'an API token (Settings → API tokens) whose role may log interactions on all customers')
        .env('RAPPORT_API_TOKEN')
        .makeOptionMandatory(),
    )
    .action(async (opts: Options) => {
      const url = serverUrl(opts.url);
      const callId = opts.callId ?? `sim-${Date.now().toString(36)}`;
      const post = async (event: 'ringing' | 'answered' | 'ended') => {
        const body = { event, callId, from: opts.from, to: opts.to, direction: opts.direction, agent: opts.agent };
        let res: Response;
        try {
          res = await fetch(`${url}/api/v1/cti/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        } catch {
          throw new CliError(`No Rapport server answers at ${url}: start it (npm start), or name it with --url.`, 1);
        }
        if (!res.ok) {
          const problem = (await res.json().catch(() => ({}))) as { title?: string; detail?: string };
          throw new CliError(
            `The server refused the ${event} event (${res.status} ${problem.title ?? res.statusText}): ${problem.detail ?? ''}`.trim(),
            4,
          );
        }
        return (await res.json()) as CallResult;
      };

      const ringing = await post('ringing');
      console.log(
        `${callId}: ringing from ${ringing.number} — ${ringing.customer ? `${ringing.customer.name} (${ringing.customer.code})` : 'no customer has this number'}`,
      );
      await sleep(opts.ring);
      if (opts.talk > 0) {
        await post('answered');
        console.log(`${callId}: answered`);
        await sleep(opts.talk);
      }
      const ended = await post('ended');
      console.log(`${callId}: ended${ended.interactionId ? ', logged on the customer’s timeline' : ''}${opts.talk > 0 ? '' : ' (missed)'}`);
    });
}
