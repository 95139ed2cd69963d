/**
 * Every test run gets its own alvh home: the CLI, book and dashboard tests that do not name one would
 * otherwise read the developer's `~/.alvh` (their book, chain store and data overlay) and write market
 * tapes into it. The folder is shared by the run's test files, so a market tape one file stores is
 * found by the next, and removed when the run ends. A test that needs its own home still sets
 * ALVH_HOME itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const home = mkdtempSync(join(tmpdir(), 'alvh-test-home-'));
  process.env['ALVH_HOME'] = home;
  // The bundled files' parse cache likewise: one for the run, shared by every home a test makes, and
  // never the developer's ~/.cache/alvh.
  const cache = mkdtempSync(join(tmpdir(), 'alvh-test-cache-'));
  process.env['ALVH_CACHE_DIR'] = cache;
  return () => {
    rmSync(home, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  };
}
