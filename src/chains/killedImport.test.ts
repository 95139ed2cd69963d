/**
 * A real import process killed with SIGKILL, once in the middle of reading and once with the new
 * version complete but not yet live: the store reads exactly as before, and the next import clears
 * what the dead one left (staging files, the unfinished version, its stale lock).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshotDir } from '../../test/support/dirSnapshot.js';
import { loadBundledChains } from '../data/chains/bundledChains.js';
import { committedFixtureQuotes, fixtureQuotes, layoutText } from './fixtures.js';
import { formatChainImportError, importChainFile, readStoredQuotes } from './store.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The folders the importer's modules come from. */
const IMPORTER_SOURCE_DIRS = ['src/chains', 'src/lib', 'src/time', 'src/calendar'];

/** The importer's sources transpiled to plain ESM beside node_modules, so a child node process can run it. */
function compileSources(): string {
  const out = join(ROOT, 'node_modules', '.cache', 'alvh-chains-test');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
  for (const file of IMPORTER_SOURCE_DIRS.flatMap((d) => walk(join(ROOT, d)))) {
    const js = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
    const target = join(out, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
  }
  writeFileSync(
    join(out, 'importer.mjs'),
    `import { importChainFile } from './src/chains/store.js';
const [store, file, mode] = process.argv.slice(2);
const hang = () => { process.stdout.write('ready\\n'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000); };
process.stdout.write('start\\n');
const outcome = await importChainFile(store, file, { format: 'auto', replace: false, ...(mode === 'before-swap' ? { beforeSwap: hang } : {}) });
process.stdout.write(outcome.ok ? 'done\\n' : 'failed\\n');
`,
  );
  return out;
}

async function killedImport(compiled: string, store: string, file: string, mode: 'before-swap' | 'mid-read'): Promise<string> {
  const child = spawn(process.execPath, [join(compiled, 'importer.mjs'), store, file, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`importer never got to its kill point: ${out}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (mode === 'before-swap' ? out.includes('ready') : out.includes('start')) {
        clearTimeout(timer);
        // Mid-read: give it time to open the file and stage part of it, never enough to finish.
        setTimeout(() => resolve(), mode === 'mid-read' ? MID_READ_KILL_DELAY_MS : 0);
      }
    });
  });
  child.kill('SIGKILL');
  await exited;
  return out;
}

/** Milliseconds after the importer starts; its whole import of the full chain takes well over a second. */
const MID_READ_KILL_DELAY_MS = 150;

describe('an import killed with SIGKILL', () => {
  let compiled = '';
  beforeAll(() => {
    compiled = compileSources();
  });

  it.each(['mid-read', 'before-swap'] as const)('%s leaves the store as it was', async (mode) => {
    const chains = loadBundledChains();
    if (!chains.ok) throw new Error('bundled chains unreadable');
    const dir = mkdtempSync(join(tmpdir(), 'alvh-kill-'));
    const store = join(dir, 'chains');
    const small = join(dir, 'alvh_chain_small.csv');
    writeFileSync(small, layoutText('canonical', committedFixtureQuotes(chains.value, 'spx20201201')));
    const first = await importChainFile(store, small, { format: 'auto', replace: false });
    if (!first.ok) throw new Error(formatChainImportError(first.error));
    const quotesBefore = await readStoredQuotes(store);
    const live = readFileSync(join(store, 'CURRENT'), 'utf8').trim();
    const liveBefore = await snapshotDir(join(store, 'versions', live));
    const whole = join(dir, 'hod_L2_full.csv');
    writeFileSync(whole, layoutText('hod', fixtureQuotes(chains.value, 'spxw2018')));

    const out = await killedImport(compiled, store, whole, mode);
    expect(out).not.toContain('done');
    expect(readFileSync(join(store, 'CURRENT'), 'utf8').trim()).toBe(live);
    expect(await snapshotDir(join(store, 'versions', live))).toEqual(liveBefore);
    expect(await readStoredQuotes(store)).toEqual(quotesBefore);
    if (mode === 'before-swap') expect(readdirSync(join(store, 'versions')).length).toBe(2);

    // The dead process's lock is stale; the next import takes it and clears the leftovers.
    expect(existsSync(join(store, 'lock'))).toBe(true);
    const next = await importChainFile(store, whole, { format: 'auto', replace: false });
    if (!next.ok) throw new Error(formatChainImportError(next.error));
    expect(next.value.added).toBeGreaterThan(10_000);
    expect(readdirSync(store).sort()).toEqual(['CURRENT', 'versions']);
    expect(readdirSync(join(store, 'versions'))).toHaveLength(1);
  });
});
