/**
 * Runs the built CLI (`node bin/alvh.js ...`) as real processes, for tests of what separate processes
 * do to one book or data store at once. `ensureBuilt` compiles dist/ when any source file is newer
 * than it (about 20 s), so these tests always run the code under test.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO_ROOT, 'bin', 'alvh.js');
const BUILT_MAIN = join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureBuilt(): void {
  const builtMs = existsSync(BUILT_MAIN) ? statSync(BUILT_MAIN).mtimeMs : 0;
  if (builtMs >= newestSourceMs(join(REPO_ROOT, 'src'))) return;
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly signal: NodeJS.Signals | null;
}

/** Starts `alvh <args>` now; resolves when it exits, killing it after `timeoutMs`. */
export function runCli(args: readonly string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Starts every run at once (no awaiting in between) and waits for all. */
export function runTogether(runs: ReadonlyArray<{ args: readonly string[]; env: Record<string, string> }>): Promise<CliRun[]> {
  return Promise.all(runs.map((r) => runCli(r.args, r.env)));
}
