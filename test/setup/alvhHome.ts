/**
 * Every test run gets its own scratch folder, and within it its own alvh home and parse cache.
 *
 * - **Scratch.** TMPDIR points into one folder for the run, so every temporary folder a test or a CLI
 *   it spawns makes (`mkdtemp(join(tmpdir(), …))`, a browser's profile) lands there and is removed
 *   when the run ends. Without it each run left about a hundred folders (some 100 MB) in the system's
 *   temporary folder.
 * - **Home.** The CLI, book and dashboard tests that do not name one would otherwise read the
 *   developer's `~/.alvh` (their book, chain store and data overlay) and write market tapes into it.
 *   The folder is shared by the run's test files, so a market tape one file stores is found by the
 *   next. A test that needs its own home still sets ALVH_HOME itself.
 * - **Parse cache.** The bundled files' parse cache likewise: one for the run, shared by every home a
 *   test makes, and never the developer's ~/.cache/alvh.
 *
 * The test workers are forked after this runs, so they inherit the environment set here.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The prefix of a run's scratch folder in the system's temporary folder (checked by scratch.test.ts). */
export const TEST_RUN_SCRATCH_PREFIX = 'alvh-test-run-';

const SCRATCH_VARIABLES = ['TMPDIR', 'TMP', 'TEMP'] as const;

export default function setup(): () => void {
  const scratch = mkdtempSync(join(tmpdir(), TEST_RUN_SCRATCH_PREFIX));
  const before = new Map(SCRATCH_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of SCRATCH_VARIABLES) process.env[name] = scratch;
  const home = join(scratch, 'home');
  const cache = join(scratch, 'cache');
  mkdirSync(home);
  mkdirSync(cache);
  process.env['ALVH_HOME'] = home;
  process.env['ALVH_CACHE_DIR'] = cache;
  return () => {
    for (const [name, value] of before) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(scratch, { recursive: true, force: true });
  };
}
