import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, lockPath } from '../db/data-dir-lock.js';
import { tempDir } from '../db/data-dir-testing.js';

/** The real `rapport` command, in a process of its own, as a user types it. */
const RAPPORT = path.resolve(import.meta.dirname, '..', '..', 'bin', 'rapport.mjs');

type Run = { code: number; stdout: string; stderr: string };

let work: string;
let dataDir: string;

/** Runs `rapport args…` on the embedded database in `dataDir`, with stdin a pipe (no terminal). */
function rapport(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [RAPPORT, ...args],
      { cwd: work, env: { RAPPORT_DATA_DIR: dataDir, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

beforeAll(() => {
  work = tempDir('cli');
  dataDir = path.join(work, 'data');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('rapport, the command', () => {
  it('lists every command in --help', async () => {
    const [top, user, tenant, db] = await Promise.all([
      rapport(['--help']),
      rapport(['user', '--help']),
      rapport(['tenant', '--help']),
      rapport(['db', '--help']),
    ]);
    for (const run of [top, user, tenant, db]) expect(run.code).toBe(0);
    for (const command of ['serve', 'migrate', 'user', 'tenant', 'backup', 'restore', 'db'])
      expect(top.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(user.stdout).toMatch(/^ {2}create\b/m);
    expect(tenant.stdout).toMatch(/^ {2}list\b/m);
    expect(tenant.stdout).toMatch(/^ {2}create\b/m);
    expect(db.stdout).toMatch(/^ {2}copy\b/m);
  });

  it('exits 2 with a readable message on a usage error', async () => {
    const [unknownOption, missingArgument, unknownCommand, noSubcommand, badUrl] = await Promise.all([
      rapport(['migrate', '--bogus']),
      rapport(['backup']),
      rapport(['nosuch']),
      rapport(['user']),
      rapport(['db', 'copy', '--to', 'mysql://somewhere/crm']),
    ]);
    expect(unknownOption).toMatchObject({ code: 2, stderr: expect.stringContaining("error: unknown option '--bogus'") });
    expect(missingArgument).toMatchObject({ code: 2, stderr: expect.stringContaining("error: missing required argument 'file'") });
    expect(unknownCommand).toMatchObject({ code: 2, stderr: expect.stringContaining("error: unknown command 'nosuch'") });
    expect(noSubcommand.code).toBe(2);
    expect(noSubcommand.stderr).toContain('Usage: rapport user');
    expect(badUrl).toMatchObject({ code: 2, stderr: expect.stringContaining('--to takes a PostgreSQL URL') });
  });

  it('exits 2 when user create has no password and no terminal to ask on', async () => {
    const run = await rapport(['user', 'create', '--email', 'someone@example.com', '--role', 'admin']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('rapport: No password given and no terminal to ask on; pass --password.\n');
  });

  it('points PostgreSQL installations to pg_dump and pg_restore for backups', async () => {
    const env = { DATABASE_URL: 'postgres://rapport@127.0.0.1:1/rapport' };
    const [backup, restore] = await Promise.all([rapport(['backup', 'x.tar.gz'], env), rapport(['restore', 'x.tar.gz'], env)]);
    expect(backup).toMatchObject({ code: 2, stderr: expect.stringContaining('pg_dump -Fc "$DATABASE_URL" > FILE') });
    expect(restore).toMatchObject({ code: 2, stderr: expect.stringContaining('pg_restore') });
  });
});

describe('rapport while the server has the embedded database open', () => {
  const backupFile = () => path.join(work, 'before.tar.gz');
  let lock: ReturnType<typeof acquireDataDirLock> | undefined;

  beforeAll(async () => {
    expect(await rapport(['migrate'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Applied \d+ migrations\.\n$/) });
    expect((await rapport(['backup', backupFile()])).code).toBe(0);
    // This test process plays the server: the commands run in other processes and see its lock.
    lock = acquireDataDirLock(dataDir, 'serve');
    lock.update({ url: 'http://127.0.0.1:3999' });
  });
  afterAll(() => lock?.release());

  it('fails fast with exit code 3 in every command that opens it, and leaves the lock to the server', async () => {
    const commands = [
      ['serve'],
      ['migrate'],
      ['user', 'create', '--email', 'someone@example.com', '--password', 'Correct-Horse-42'],
      ['tenant', 'list'],
      ['tenant', 'create', '--name', 'Other Co', '--admin-email', 'boss@example.com', '--admin-password', 'Correct-Horse-42'],
      ['backup', path.join(work, 'during.tar.gz')],
      ['restore', '--force', backupFile()],
      ['db', 'copy', '--to', 'postgres://postgres@127.0.0.1:1/never_contacted'],
    ];
    const runs = await Promise.all(commands.map((args) => rapport(args)));
    runs.forEach((run, i) => {
      expect({ command: commands[i]!.join(' '), code: run.code, stderr: run.stderr }).toEqual({
        command: commands[i]!.join(' '),
        code: 3,
        stderr: `rapport: The Rapport server (pid ${process.pid}, http://127.0.0.1:3999) has the embedded database open. Stop it first (Ctrl+C in its terminal), then run this command again.\n`,
      });
    });
    expect(JSON.parse(fs.readFileSync(lockPath(dataDir), 'utf8'))).toMatchObject({ pid: process.pid, command: 'serve' });
    expect(fs.existsSync(path.join(work, 'during.tar.gz'))).toBe(false);
    expect(fs.readdirSync(work).sort()).toEqual(['before.tar.gz', 'data']);
    // Eight commands start at once on a machine of two cores, each loading Node and TypeScript: slow under load.
  }, 120_000);
});
