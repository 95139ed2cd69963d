/**
 * Issue 13, "Stack traces, hangs and NaN": errors that used to reach the user as a stack trace or a
 * 100 % CPU spin are one line naming what to fix, with a non-zero exit.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './testing.js';
import { capMessage, MAX_ERROR_LINE_CHARS, MAX_ERROR_LINES } from '../lib/capText.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'alvh-main-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a config file cannot pass for a preset', () => {
  it("backtest --config refuses a bundled preset's name with other rules, naming the file", async () => {
    const dir = tempDir();
    const config = join(dir, 'posing.json');
    writeFileSync(config, JSON.stringify({ name: 'unhedged' }));
    const r = await runCli(['backtest', '--config', config, '--from', '2018-01-02', '--to', '2018-03-30', '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`alvh: --config ${config}: its name 'unhedged' is a bundled preset's, with other rules; give the strategy a name of its own (the report would show it as the preset)\n`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('one line, not a stack trace', () => {
  it('a config with wingWidthPoints 5000 names the field (was "RangeError: strike must be a positive finite number")', async () => {
    const dir = tempDir();
    const config = join(dir, 'wide.json');
    writeFileSync(config, JSON.stringify({ name: 'wide', ironCondor: { wingWidthPoints: 5000 } }));
    const r = await runCli(['backtest', '--config', config, '--preset', 'unhedged', '--from', '2018-01-02', '--to', '2018-03-30', '--out', join(dir, 'out'), '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^alvh: invalid strategy config wide: ironCondor\.wingWidthPoints: 5000 points from the shortPut strike \d+ on 2018-\d\d-\d\d is no strike; use a width below the short strike\n$/);
  });

  it('backtest --out under /proc ends at once with one line instead of spinning', async () => {
    const started = Date.now();
    const r = await runCli(['backtest', '--preset', 'unhedged', '--from', '2018-01-02', '--to', '2018-01-31', '--out', '/proc/alvh-out', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^alvh: cannot write the report to \/proc\/alvh-out: cannot create the folder \/proc\/alvh-out/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

describe('a backtest span or preset list that cannot run is refused before anything is calibrated', () => {
  it('names the span, the reason it ends there, and the empty preset list', async () => {
    const dir = tempDir();
    const cache = join(dir, 'tape');
    // Without --json, so that a market-tape line ("calibrating the days the run needs") would show:
    // each refusal is its one line alone (the tape used to be opened first).
    const run = (args: string[]) => runCli(['backtest', ...args, '--out', join(dir, 'out'), '--cache-dir', cache]);
    // Past the data: the run would end on the last day the hedged presets have VIX futures.
    const late = await run(['--from', '2030-01-01']);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/^alvh: no trading days between 2030-01-01 and (\d{4}-\d\d-\d\d) \(the run ends at \1: the last day with VIX futures settlements; SPX data runs to \d{4}-\d\d-\d\d\)\n$/);
    // 2019-01-01 is a holiday, so the span holds one trading day (was "no trading days between ...").
    const one = await run(['--preset', 'unhedged', '--from', '2019-01-01', '--to', '2019-01-02']);
    expect(one.stderr).toBe('alvh: only one trading day, 2019-01-02, between 2019-01-01 and 2019-01-02 (the requested end): a backtest needs two at least\n');
    const none = await run(['--preset', ' , ']);
    expect(none.stderr).toMatch(/^alvh: --preset ' , ': name a preset \(alvh-ladder, .*\) or give --config FILE\n$/);
    // Nothing was calibrated or stored for any of them.
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
  });
});

describe('capMessage: error messages of bounded size (issue 13: 1 MB of stderr for a 1 MB field)', () => {
  it('cuts long lines and many lines, and shows control characters', () => {
    const long = capMessage('x'.repeat(1_000_000));
    expect(long.length).toBeLessThan(MAX_ERROR_LINE_CHARS + 50);
    expect(long).toMatch(/\.\.\. \(999600 more characters\)$/);
    const many = capMessage(Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n'));
    expect(many.split('\n')).toHaveLength(MAX_ERROR_LINES + 1);
    expect(many).toMatch(/\.\.\. and 960 more line\(s\)$/);
    expect(capMessage('a\u0000b\u001b[31m')).toBe('a\\u0000b\\u001b[31m');
  });
});
