/**
 * Most users never import an option chain, and `alvh signal` used to load DuckDB's native module (a
 * fifth of a second of every run) only to find the chain store empty. The store's layout is now read
 * with the file system alone (src/chains/storeLayout.ts) and DuckDB is loaded only when a stored
 * partition can hold the day's quotes. These runs install a resolve hook that fails any import of
 * DuckDB: the signal on an empty store must not notice it, and `alvh chains status`, which reads the
 * store through DuckDB, shows that the hook does bite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, REPO_ROOT, runCli } from '../../../test/support/builtCli.js';

const REFUSE_DUCKDB = join(REPO_ROOT, 'test', 'support', 'refuseDuckdb', 'register.js');
const REFUSED_MESSAGE = 'refused to load @duckdb/node-api';
/** A signal in a fresh home calibrates its days of the market tape first. */
const SIGNAL_TIMEOUT_MS = 120_000;

let home: string;
beforeAll(() => {
  ensureBuilt();
  home = mkdtempSync(join(tmpdir(), 'alvh-no-duckdb-'));
}, 180_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

const withoutDuckdb = () => ({ ALVH_HOME: home, NODE_OPTIONS: `--import=${REFUSE_DUCKDB}` });

describe('alvh signal with no chain store', () => {
  it('prices the day on the model without loading DuckDB', async () => {
    const run = await runCli(['signal', '--date', '2020-03-16', '--json'], withoutDuckdb(), SIGNAL_TIMEOUT_MS);
    expect(run.stderr).not.toContain(REFUSED_MESSAGE);
    expect(run.code, run.stderr).toBe(0);
    const parsed = JSON.parse(run.stdout) as { signal: { date: string } };
    expect(parsed.signal.date).toBe('2020-03-16');
  }, SIGNAL_TIMEOUT_MS);

  it('the hook does refuse DuckDB: a command that reads the store through it fails', async () => {
    const run = await runCli(['chains', 'status'], withoutDuckdb());
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(REFUSED_MESSAGE);
  }, 60_000);
});
