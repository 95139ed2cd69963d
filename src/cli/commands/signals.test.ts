import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../history/types.js';
import { countWeekdays, fakeHistory } from '../../signals/testing/fakeHistory.js';
import { spxSampleHistoryInput } from '../../signals/testing/spxSample.js';
import { dayFromIso } from '../../time/day.js';
import { UserError } from '../io.js';
import { registerSignalsCommand } from './signals.js';

// Real SPX/VIX/VIX3M closes (Nov 2017 - Mar 2018) and real release dates of that period.
const events: MarketEvent[] = [
  { day: dayFromIso('2018-01-31'), kind: 'fomc', scheduled: true, label: 'FOMC' },
  { day: dayFromIso('2018-02-14'), kind: 'cpi', scheduled: true, label: 'CPI' },
  { day: dayFromIso('2018-02-15'), kind: 'ppi', scheduled: true, label: 'PPI' },
  { day: dayFromIso('2018-03-21'), kind: 'fomc', scheduled: true, label: 'FOMC' },
];
const history = fakeHistory(spxSampleHistoryInput(events));

/** Runs `alvh signals ...` in-process the way src/cli/main.ts does, with the sample history. */
async function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t), isTty: false };
  const program = new Command('alvh').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  registerSignalsCommand(program, io, async () => history, countWeekdays);
  try {
    await program.parseAsync(['node', 'alvh', 'signals', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode, stdout, stderr };
    if (error instanceof UserError) return { code: error.exitCode, stdout, stderr: stderr + `alvh: ${error.message}\n` };
    throw error;
  }
}

describe('alvh signals', () => {
  it('prints a compact table with one line per trading day', async () => {
    const { code, stdout } = await run(['--from', '2018-02-01', '--to', '2018-02-09']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^date\s+spx\s+rsi\s+macdH/);
    expect(lines).toHaveLength(1 + 7);
    const feb5 = lines.find((l) => l.startsWith('2018-02-05'));
    expect(feb5).toMatch(/2648\.94/);
    expect(feb5).toMatch(/37\.32\s+high\s+S\s+1\.327/);
    expect(feb5).toMatch(/no term-structure-inverted$/);
  });

  it('prints every field as JSON', async () => {
    const { code, stdout } = await run(['--from', '2018-02-14', '--to', '2018-02-14', '--json']);
    expect(code).toBe(0);
    const [row] = JSON.parse(stdout) as { date: string; relief: { state: string }; events: { kind: string }[]; unavailable: unknown[] }[];
    expect(row?.date).toBe('2018-02-14');
    expect(row?.relief.state).toBe('relief-rally');
    expect(row?.events.map((e) => e.kind)).toEqual(['fomc', 'cpi', 'ppi']);
    expect(row?.unavailable.length).toBeGreaterThan(0);
  });

  it('prints every field as CSV with a fixed header', async () => {
    const { code, stdout } = await run(['--from', '2018-02-05', '--to', '2018-02-06', '--csv']);
    expect(code).toBe(0);
    const [header, first] = stdout.trimEnd().split('\n');
    const columns = header?.split(',') ?? [];
    expect(columns).toContain('spx.macd.histogram');
    expect(columns).toContain('events.cpi.tradingDaysToNext');
    expect(columns).toContain('divergences.activeBearish.confirmedBy');
    const cells = Object.fromEntries(columns.map((c, i) => [c, first?.split(',')[i]]));
    expect(cells['date']).toBe('2018-02-05');
    expect(cells['vix.regime']).toBe('high');
    expect(cells['spx.adLine']).toBe('');
    expect(cells['entry.trigger']).toBe('false');
  });

  it('is deterministic: the same request gives byte-identical output', async () => {
    const a = await run(['--from', '2017-11-01', '--to', '2018-03-29', '--json']);
    const b = await run(['--from', '2017-11-01', '--to', '2018-03-29', '--json']);
    expect(a.stdout).toBe(b.stdout);
  });

  it('rejects bad input with a clear message', async () => {
    expect((await run(['--from', '2018-02-30', '--to', '2018-03-01'])).stderr).toMatch(/--from: '2018-02-30' is not a valid date/);
    expect((await run(['--from', '2018-03-01', '--to', '2018-02-01'])).stderr).toMatch(/--from 2018-03-01 is after --to 2018-02-01/);
    expect((await run(['--from', '2018-02-01', '--to', '2018-02-02', '--json', '--csv'])).code).toBe(1);
    const outside = await run(['--from', '2019-01-01', '--to', '2019-01-31']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/no trading days between 2019-01-01 and 2019-01-31 \(the data covers 2017-11-01 \.\. 2018-03-29\)/);
    expect((await run(['--to', '2018-02-01'])).code).not.toBe(0);
  });
});
