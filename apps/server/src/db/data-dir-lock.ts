import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded database may be opened by one process at a time: two would corrupt it. A lock file
 * in the data directory holds the owner's pid (and, for the server, its address); a lock whose
 * process is gone is stale and taken over.
 */
export type LockInfo = { pid: number; command: string; url?: string; startedAt: string };

export class DataDirBusyError extends Error {
  constructor(readonly info: LockInfo) {
    super(
      info.command === 'serve'
        ? `The Rapport server (pid ${info.pid}${info.url ? `, ${info.url}` : ''}) has the embedded database open. ` +
            'Stop it first (Ctrl+C in its terminal), then run this command again.'
        : `Another rapport command ("${info.command}", pid ${info.pid}) has the embedded database open. Wait for it to finish.`,
    );
    this.name = 'DataDirBusyError';
  }
}

export const lockPath = (dataDir: string) => path.join(dataDir, 'rapport.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dataDir: string): LockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
    return alive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

export function acquireDataDirLock(dataDir: string, command: string): { update(info: Partial<LockInfo>): void; release(): void } {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  const info: LockInfo = { pid: process.pid, command, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
          if (current.pid === process.pid) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return {
        update: (more) => fs.writeFileSync(file, JSON.stringify(Object.assign(info, more)), { mode: 0o600 }),
        release,
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLock(dataDir);
      if (holder && holder.pid !== process.pid) throw new DataDirBusyError(holder);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
