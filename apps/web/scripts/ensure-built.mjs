#!/usr/bin/env node
// Builds the web UI when its build is missing or older than its sources, so that `npm start`
// always serves the UI that matches the code, without paying for a build on every start.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(webDir, '..', '..');
const builtIndex = path.join(webDir, 'dist', 'index.html');
const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => path.join(webDir, p));

/** The newest modification time of a file, or of any file under a directory. */
function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function isStale() {
  if (!existsSync(builtIndex)) return 'apps/web/dist is missing';
  const builtAt = statSync(builtIndex).mtimeMs;
  const changed = sources.find((source) => newestMtime(source) > builtAt);
  return changed ? `${path.relative(repoRoot, changed)} changed since the last build` : undefined;
}

const reason = isStale();
if (!reason) process.exit(0);

console.log(`Building the web UI (${reason})…`);
// Under npm, npm_execpath is npm's own script: running it with this Node avoids needing a shell
// (and npm.cmd on Windows). Run by hand, plain `npm` from the PATH is used.
const npmCli = process.env.npm_execpath;
const [command, args] = npmCli
  ? [process.execPath, [npmCli, 'run', 'build', '--workspace', 'apps/web']]
  : ['npm', ['run', 'build', '--workspace', 'apps/web']];
const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', shell: !npmCli && process.platform === 'win32' });

if (result.error) {
  console.error(`Could not run the web build: ${result.error.message}`);
  process.exit(1);
}
if (result.status !== 0) {
  console.error('The web UI build failed; see the output above.');
  process.exit(result.status ?? 1);
}
