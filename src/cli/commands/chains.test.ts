import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../testing.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/chains/', import.meta.url));

describe('alvh chains', () => {
  let previousHome: string | undefined;
  let home = '';
  beforeEach(() => {
    previousHome = process.env['ALVH_HOME'];
    home = mkdtempSync(join(tmpdir(), 'alvh-cli-chains-'));
    process.env['ALVH_HOME'] = home;
  });
  afterEach(() => {
    if (previousHome === undefined) delete process.env['ALVH_HOME'];
    else process.env['ALVH_HOME'] = previousHome;
  });

  it('imports files into $ALVH_HOME/chains, says what each held, and shows the coverage', async () => {
    const spxw = join(FIXTURES, 'spxw2018', 'hod_L2_spxw2018.csv');
    const vix = join(FIXTURES, 'vix20160601', 'UnderlyingOptionsEODQuotes_vix20160601.csv');
    const imported = await runCli(['chains', 'import', spxw, vix]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`${spxw}: 36 rows as hod, 24 quotes accepted, rejected: expiry not after quote date 12`);
    expect(imported.stdout).toContain('unknown root');
    expect(imported.stdout).toContain(`store ${join(home, 'chains')}`);
    const again = await runCli(['chains', 'import', spxw]);
    expect(again.stdout).toContain('unchanged: every quote was already stored');
    const status = await runCli(['chains', 'status']);
    expect(status.stdout).toMatch(/SPX\s+SPXW\s+2018-02\s+2\s+24\s+1\s+2018-02-01\s+2018-02-05/);
    expect(status.stdout).toMatch(/VIX\s+VIX\s+2016-06\s+1/);
    // The fixture's SPXW days are 2018-01-31 (all rejected), 02-01 and 02-05: 02-02 is a gap.
    expect(status.stdout).toContain('SPX SPXW: 2018-02-02 (1 trading day)');
  });

  it('fails with the file, line and field of a bad row and a non-zero exit', async () => {
    const { code, stderr } = await runCli(['chains', 'import', '--format', 'optionsdx', join(FIXTURES, 'spxw2018', 'hod_L2_spxw2018.csv')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/hod_L2_spxw2018\.csv:1: field 'quote_date': missing column for the optionsdx layout/);
    const badFormat = await runCli(['chains', 'import', '--format', 'cboe', 'x.csv']);
    expect(badFormat.stderr).toContain("--format 'cboe' is not one of: auto, optionsdx, datashop, orats, hod, canonical");
  });
});
