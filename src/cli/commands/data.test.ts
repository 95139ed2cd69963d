import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../testing.js';
import { packageRoot } from '../../data/loadHistory.js';
import { snapshotDir } from '../../../test/support/dirSnapshot.js';
import { closedPort, startFixtureServer } from '../../../test/support/fixtureServer.js';
import type { DataStatus } from '../../data/status/dataStatus.js';
import { readFile } from 'node:fs/promises';

const IMPORT_FIXTURES = join(packageRoot(), 'test', 'fixtures', 'import');

describe('alvh data (on the bundled data)', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'alvh-cli-'));
    vi.stubEnv('ALVH_HOME', home);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await rm(home, { recursive: true, force: true });
  });

  it('status --json shows SPX and VIX from 1990, VIX futures from 2004, staleness against --as-of', async () => {
    const { code, stdout } = await runCli(['data', 'status', '--json', '--as-of', '2026-08-28']);
    expect(code).toBe(0);
    const status = JSON.parse(stdout) as DataStatus;
    const byName = new Map(status.series.map((s) => [s.name, s]));
    expect(byName.get('spx')).toMatchObject({ firstDate: '1990-01-02', lastDate: '2026-08-21', gapCount: 0, staleTradingDays: 5 });
    expect(byName.get('vix')).toMatchObject({ firstDate: '1990-01-02', lastDate: '2026-08-21' });
    expect(byName.get('vxFutures')).toMatchObject({ firstDate: '2004-03-26', lastDate: '2026-04-17' });
    expect(byName.get('cndr')?.firstGaps).toEqual(['1991-03-01', '1997-01-31', '2018-12-03', '2019-07-05', '2020-10-16']);
    expect(byName.get('dividendYield')?.note).toMatch(/carried forward since 2026-02-01/);
    expect(status.missingSeries).toEqual(['breadth']);
    expect(status.events.find((e) => e.kind === 'cpi')?.coveredFrom.startsWith('2000-01')).toBe(true);
    expect(status.warnings.filter((w) => w.includes('vvix_daily.csv'))).toHaveLength(6);
    expect(status.dataVersion).toMatch(/^sha256:/);
  });

  it('status prints a table and is the same on every run', async () => {
    const first = await runCli(['data', 'status', '--as-of', '2026-08-28']);
    const second = await runCli(['data', 'status', '--as-of', '2026-08-28']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^spx\s+1990-01-02\s+2026-08-21\s+9227\s+0\s+5$/m);
    expect(first.stdout).toBe(second.stdout);
  });

  it('status rejects a bad --as-of', async () => {
    const { code, stderr } = await runCli(['data', 'status', '--as-of', '2026-02-30']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--as-of '2026-02-30': no such calendar day/);
  });

  it('import accepts a Cboe file and reports what changed', async () => {
    const { code, stdout } = await runCli(['data', 'import', join(IMPORT_FIXTURES, 'VIX_History.csv')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/imported index-vix .*\(cboe-index\): 0 new, 0 replaced, 5 unchanged/);
  });

  it('import rejects a bad file naming line and field, leaving the store as it was', async () => {
    const before = await snapshotDir(home);
    const { code, stderr } = await runCli(['data', 'import', join(IMPORT_FIXTURES, 'bad', 'spx_unparsable.csv'), '--series', 'spx']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/spx_unparsable\.csv:3: field 'open': not a number: 'abc'/);
    expect(await snapshotDir(home)).toEqual(before);
  });

  it('import with --replace stores a revised value that is refused without it', async () => {
    const file = join(IMPORT_FIXTURES, 'vix_revised.csv');
    const refused = await runCli(['data', 'import', file, '--series', 'vix']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/use --replace/);
    const replaced = await runCli(['data', 'import', file, '--series', 'vix', '--replace']);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toMatch(/0 new, 1 replaced, 4 unchanged/);
    expect(await readFile(join(home, 'overlay', 'index-vix.csv'), 'utf8')).toBe('date,open,high,low,close\n2026-07-31,16.82,18.7,15.82,16.99\n');
  });

  it('import names the allowed series for a wrong --series', async () => {
    const { code, stderr } = await runCli(['data', 'import', join(IMPORT_FIXTURES, 'VIX_History.csv'), '--series', 'nasdaq']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--series 'nasdaq' is not one of: spx, vix/);
  });

  it('update says clearly when the sources cannot be reached and changes nothing', async () => {
    const before = await snapshotDir(home);
    const port = await closedPort();
    const { code, stderr } = await runCli(['data', 'update', '--series', 'vix,dtb3', '--base-url', `http://127.0.0.1:${port}`]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/update failed; nothing was changed/);
    expect(stderr).toMatch(/are you offline\?/);
    expect(await snapshotDir(home)).toEqual(before);
  });

  it('update fetches from --base-url', async () => {
    const server = await startFixtureServer({
      '/api/global/us_indices/daily_prices/VIX_History.csv': { status: 200, body: await readFile(join(packageRoot(), 'test', 'fixtures', 'update', 'success', 'VIX_History.csv'), 'utf8') },
    });
    try {
      const { code, stdout } = await runCli(['data', 'update', '--series', 'vix', '--base-url', server.baseUrl]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/index-vix: 0 new, 0 replaced, 20 unchanged/);
      expect(server.requested).toEqual(['/api/global/us_indices/daily_prices/VIX_History.csv']);
    } finally {
      await server.close();
    }
  });

  it('update rejects an unknown series', async () => {
    const { code, stderr } = await runCli(['data', 'update', '--series', 'gold']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/expected a comma-separated list of spx, vix/);
  });
});
