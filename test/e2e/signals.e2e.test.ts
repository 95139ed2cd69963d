/**
 * `alvh signals` on the bundled real data: the stress windows the methodology is about must show up as
 * VIX spikes, high/extreme regimes and an inverted term structure.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/testing.js';
import type { DailySignals } from '../../src/signals/dailySignals.js';

async function signals(from: string, to: string): Promise<DailySignals[]> {
  const { code, stdout, stderr } = await runCli(['signals', '--from', from, '--to', to, '--json']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout) as DailySignals[];
}

describe('alvh signals on real data', () => {
  it('February 2018: a VIX spike, the high regime and an inverted term structure on 2018-02-05', async () => {
    const days = await signals('2018-02-01', '2018-02-28');
    const feb5 = days.find((d) => d.date === '2018-02-05')!;
    expect(feb5.vix.close).toBe(37.32);
    expect(feb5.vix.spike).toBe(true);
    expect(feb5.vix.regime).toBe('high');
    expect(feb5.termStructure.inverted).toBe(true);
    expect(feb5.termStructure.vixToVix3m).toBeCloseTo(37.32 / 28.13, 12);
    expect(feb5.entry.trigger).toBe(false);
  });

  it('March 2020: the extreme regime, spikes and backwardated futures', async () => {
    const days = await signals('2020-03-02', '2020-03-31');
    const mar16 = days.find((d) => d.date === '2020-03-16')!;
    expect(mar16.vix.close).toBe(82.69);
    expect(mar16.vix.regime).toBe('extreme');
    expect(mar16.termStructure.inverted).toBe(true);
    expect(mar16.termStructure.futuresContango).toBeLessThan(0);
    expect(days.filter((d) => d.vix.spike === true).length).toBeGreaterThan(0);
  });

  it('prints a table, and CSV with a header row', async () => {
    const table = await runCli(['signals', '--from', '2018-02-05', '--to', '2018-02-06']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/2018-02-05 .* high /);
    const csv = await runCli(['signals', '--from', '2018-02-05', '--to', '2018-02-06', '--csv']);
    const lines = csv.stdout.trim().split('\n');
    expect(lines.length).toBe(3);
    expect(lines[0]).toMatch(/^date,/);
  });

  it('rejects a bad date with a clear error', async () => {
    const r = await runCli(['signals', '--from', '2018-02-30', '--to', '2018-03-01']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/2018-02-30/);
  });
});
