import readline from 'node:readline';
import { Writable } from 'node:stream';
import { CommanderError } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { DataDirBusyError } from '../db/data-dir-lock.js';
import { DatabaseNewerThanCodeError } from '../db/migrate.js';
import { AppError } from '../http/errors.js';
import { StartupError } from '../main.js';
import { openRuntime, type Runtime } from '../runtime.js';

/** Exit codes: 1 unexpected, 2 bad usage or input, 3 the database is busy or too new, 4 refused by a rule. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export function cliConfig(opts: { dataDir?: string; databaseUrl?: string } = {}): Config {
  const config = loadConfig();
  return { ...config, ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}) };
}

/**
 * Opens the runtime for one command and always closes it, so the data directory is never left
 * locked. `migrate: false` leaves the migrations to the command (rapport migrate reports them).
 */
export async function withRuntime<T>(
  command: string,
  fn: (rt: Runtime) => Promise<T>,
  opts: { config?: Config; migrate?: boolean } = {},
): Promise<T> {
  const rt = await openRuntime({ ...(opts.config ?? cliConfig()), jobs: false }, command, { migrate: opts.migrate });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/** Prints a readable message for anything a command throws and gives the exit code. */
export function reportError(err: unknown): number {
  // Commander has printed its message (and the help) already; exit code 0 is --help or --version.
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  if (err instanceof CliError) {
    console.error(`rapport: ${err.message}`);
    return err.exitCode;
  }
  if (err instanceof DataDirBusyError || err instanceof DatabaseNewerThanCodeError || err instanceof StartupError) {
    console.error(`rapport: ${err.message}`);
    return 3;
  }
  if (err instanceof AppError) {
    const fields = err.extra.errors?.map((e) => `\n  ${e.path}: ${e.message}`).join('') ?? '';
    console.error(`rapport: ${err.message}${fields}`);
    return err.status === 400 || err.status === 422 ? 2 : 4;
  }
  if (err instanceof Error && err.message.startsWith('Invalid configuration')) {
    console.error(`rapport: ${err.message}`);
    return 2;
  }
  console.error('rapport: unexpected error:', err);
  return 1;
}

/** Asks for a secret on the terminal without echoing it. */
export async function promptSecret(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new CliError('No password given and no terminal to ask on; pass --password.');
  const muted = new Writable({ write: (_chunk, _enc, cb) => cb() });
  const rl = readline.createInterface({ input: process.stdin, output: muted, terminal: true });
  process.stdout.write(question);
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve));
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}
