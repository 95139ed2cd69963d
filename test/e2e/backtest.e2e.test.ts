/**
 * `alvh backtest` on the bundled real data, over a short stress window so the suite stays fast: the
 * report files, the summary, determinism, and clear errors for bad input.
 */
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/testing.js';

const outDir = () => mkdtempSync(join(tmpdir(), 'alvh-backtest-'));

describe('alvh backtest on real data', () => {
  it('runs the default variants over Feb-Mar 2018 and writes every report file', async () => {
    const out = outDir();
    const r = await runCli(['backtest', '--from', '2018-01-02', '--to', '2018-03-29', '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { period: { from: string; to: string }; summaries: Array<{ name: string; metrics: { drawdown: { maxDrawdownFraction: number } } }>; claims: Array<{ id: number; verdict: string; reason: string }>; files: string[] };
    expect(summary.period).toEqual({ from: '2018-01-02', to: '2018-03-29', endReason: 'the requested end' });
    expect(summary.summaries.map((s) => s.name)).toEqual(['alvh-ladder', 'alvh-taper', 'unhedged', 'fixed-rr', 'alvh-ladder-full', 'unhedged-full']);
    // Claims 1 and 2 are measured on the risk-sized book and again, right after, on the fully allocated one.
    expect(summary.claims.map((c) => c.id)).toEqual([1, 1, 2, 2, 3, 4, 5, 6]);
    // Feb 2018 lies whole inside the run (claim 2 is not measured for another reason: this short run's
    // ladder held no hedge on 2018-01-31); a quarter is too short for rolls a year or for twelve whole
    // quiet months, and March 2020 and 2022 lie outside it.
    const verdicts = summary.claims.map((c) => c.verdict);
    expect(summary.claims[2]!.reason).not.toMatch(/does not cover/);
    expect(verdicts.slice(4)).toEqual(['not measurable', 'not measurable', 'not measurable', 'not measurable']);
    expect(summary.claims[6]!.reason).toMatch(/^the run spans 0\.24 years/);
    for (const f of ['backtest.html', 'backtest.md', 'backtest.json', 'results.json', 'trades.csv', 'equity.csv', 'decisions.csv', 'charts/curves-equity.svg']) expect(existsSync(join(out, f))).toBe(true);
    const html = readFileSync(join(out, 'backtest.html'), 'utf8');
    // Self-contained: no scripts, stylesheets or images fetched from anywhere.
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html).toContain('Claims check');
    expect(html).toContain('What the hedge did');
    expect(html).toContain('<svg');
    // What the market model rested on: in 2018 every VIX-family index, SKEW and VVIX was published on
    // each of the run's 61 trading days (the table counts them by where each target came from).
    const md = readFileSync(join(out, 'backtest.md'), 'utf8');
    const inputs = md.slice(md.indexOf('## What the market model rested on'));
    for (const index of ['VIX9D (SPX ATM level at 9 days)', 'VIX (SPX ATM level at 30 days)', 'VIX3M (SPX ATM level at 93 days)', 'VIX6M (SPX ATM level at 183 days)', 'VVIX (VIX-option surface)']) {
      expect(inputs).toContain(`| ${index} | published close | 61 | 2018-01-02 | 2018-03-29 |`);
    }
    expect(inputs).toContain('| SKEW (SPX smile) | smile solved to SKEW (median of the last closes) | 61 | 2018-01-02 | 2018-03-29 |');
    expect(inputs).toMatch(/Published VIX-family indexes were reproduced by the model's own index within 0\.0\d{3} vol points on every day \(target 0\.1; 0 day\(s\) above it\)/);
    // The legs each trade opened with, the legs it held when it closed, and its rolls.
    expect(readFileSync(join(out, 'trades.csv'), 'utf8').split('\n')[0]).toBe('variant,id,kind,layer,opened,closed,contracts,entry_price_points,pnl_usd,exit_rule,legs,legs_at_close,rolls,settlement');
    const equity = readFileSync(join(out, 'equity.csv'), 'utf8').trim().split('\n');
    expect(equity[0]).toMatch(/^variant,date,equity_usd/);
    expect(equity.length).toBeGreaterThan(4 * 55);
  });

  it('gives byte-identical results for the same data and config', async () => {
    const a = outDir();
    const b = outDir();
    await runCli(['backtest', '--preset', 'alvh-ladder', '--from', '2020-02-03', '--to', '2020-04-30', '--out', a, '--json']);
    await runCli(['backtest', '--preset', 'alvh-ladder', '--from', '2020-02-03', '--to', '2020-04-30', '--out', b, '--json']);
    for (const f of ['results.json', 'backtest.html', 'trades.csv']) expect(readFileSync(join(a, f), 'utf8')).toBe(readFileSync(join(b, f), 'utf8'));
  });

  it('judges no claim on part of its window', async () => {
    // The run ends 2020-03-10, seven sessions into March 2020: the claim about the month is not judged on them.
    const r = await runCli(['backtest', '--preset', 'alvh-ladder', '--from', '2020-02-03', '--to', '2020-03-10', '--out', outDir(), '--json']);
    expect(r.code).toBe(0);
    const march = (JSON.parse(r.stdout) as { claims: Array<{ id: number; verdict: string; reason: string }> }).claims.find((c) => c.id === 3)!;
    expect(march.verdict).toBe('not measurable');
    expect(march.reason).toBe("the ladder variant does not cover March 2020 whole: the run ends 2020-03-10, before the window's last session 2020-03-31");
  });

  it('prints the comparison table and the claims for a terminal', async () => {
    const r = await runCli(['backtest', '--preset', 'unhedged,fixed-rr', '--from', '2018-01-02', '--to', '2018-02-28', '--out', outDir()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/variant\s+CAGR/);
    expect(r.stdout).toMatch(/unhedged\s+-?\d/);
    // Two months: the annualised columns are extrapolations, and the table says so with the total returns.
    expect(r.stdout).toMatch(/\nThe run spans 57 calendar days \(0\.16 years\): CAGR, Calmar and the per-year figures extrapolate it to a year\. Total return over the run: unhedged -?\d+\.\d\d %, fixed-rr -?\d+\.\d\d %\.\n/);
    expect(r.stdout).toContain('Claims check');
  });

  it('writes a variant named like a spreadsheet formula into its CSV files as text', async () => {
    // A variant is named by its config. `=HYPERLINK(...)` went into the first cell of every row of
    // trades.csv, equity.csv and decisions.csv as it was, and a spreadsheet opening the file read a formula.
    const out = outDir();
    const name = '=HYPERLINK("http://example.invalid","open")';
    const config = join(out, 'formula.json');
    writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(join('presets', 'unhedged.json'), 'utf8')), name }));
    const r = await runCli(['backtest', '--preset', 'unhedged', '--config', config, '--from', '2020-02-03', '--to', '2020-04-30', '--out', join(out, 'report'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const written = `"'=HYPERLINK(""http://example.invalid"",""open"")"`;
    for (const file of ['trades.csv', 'equity.csv', 'decisions.csv']) {
      const rows = readFileSync(join(out, 'report', file), 'utf8').trim().split('\n').slice(1);
      const theirs = rows.filter((row) => !row.startsWith('unhedged,'));
      expect(theirs.length, file).toBeGreaterThan(0);
      for (const row of theirs) expect(row.startsWith(`${written},`), `${file}: ${row}`).toBe(true);
    }
  });

  it('measures a book that stayed in cash against cash over the same days: Sharpe 0, no Sortino', async () => {
    // 2007-01-03..12: no variant opens a condor (the RSAi trigger waits until March), so every book is
    // 1,000,000 USD earning the 3-month T-bill, a weekend's three days on the Monday. Against the run's
    // mean rate over 252 trading days the same curve had a Sharpe ratio of +3.48 (-4,921 on 2007-01-03..05).
    const r = await runCli(['backtest', '--preset', 'alvh-ladder,fixed-rr', '--from', '2007-01-03', '--to', '2007-01-12', '--out', outDir(), '--json']);
    expect(r.code).toBe(0);
    const summaries = (JSON.parse(r.stdout) as { summaries: Array<{ name: string; metrics: { sharpeRatio?: number; sortinoRatio?: number; annualVolatilityFraction: number } }> }).summaries;
    expect(summaries.map((s) => s.name)).toEqual(['alvh-ladder', 'fixed-rr']);
    for (const s of summaries) {
      // The curve does vary (a Monday earns three days), so volatility is not zero, and Sharpe is defined.
      expect(s.metrics.annualVolatilityFraction).toBeGreaterThan(0);
      expect(Math.abs(s.metrics.sharpeRatio as number)).toBeLessThan(1e-6);
      expect(s.metrics.sortinoRatio).toBeUndefined();
    }
  });

  it('ends hedged runs on the last day with VIX futures and says so', async () => {
    const r = await runCli(['backtest', '--preset', 'alvh-ladder', '--from', '2026-02-02', '--out', outDir(), '--json']);
    expect(r.code).toBe(0);
    const period = (JSON.parse(r.stdout) as { period: { to: string; endReason: string } }).period;
    expect(period.to).toBe('2026-04-17');
    expect(period.endReason).toMatch(/VIX futures/);
  });

  it('rejects unknown presets, bad dates and empty ranges with a clear message', async () => {
    const unknown = await runCli(['backtest', '--preset', 'nope', '--out', outDir()]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown preset 'nope': choose from/);
    const badDate = await runCli(['backtest', '--from', '2018-13-01', '--out', outDir()]);
    expect(badDate.stderr).toMatch(/--from '2018-13-01'/);
    const backwards = await runCli(['backtest', '--from', '2018-03-01', '--to', '2018-02-01', '--out', outDir()]);
    expect(backwards.stderr).toMatch(/must be after/);
  });

  it('runs on another market model with --model-config, says so, and prices with it', async () => {
    const span = ['backtest', '--preset', 'unhedged', '--from', '2018-01-02', '--to', '2018-02-28', '--no-tape-cache'];
    const defaults = outDir();
    const skewOff = outDir();
    expect((await runCli([...span, '--out', defaults])).code).toBe(0);
    const r = await runCli([...span, '--out', skewOff, '--model-config', join('presets', 'model', 'skew-off.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('market model config: presets/model/skew-off.json');
    type Results = { marketModel: { source: string; config: { spx: { skewCalibration: string } } }; variants: Record<string, { decisions: Array<{ action: string; figures: { creditPoints?: number } }> }> };
    const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
    expect(read(defaults).marketModel).toMatchObject({ source: 'defaults', config: { spx: { skewCalibration: 'daily' } } });
    expect(read(skewOff).marketModel).toMatchObject({ source: join('presets', 'model', 'skew-off.json'), config: { spx: { skewCalibration: 'off' } } });
    // The same condor rules on the fixed smile collect another credit: the config reached the prices.
    const credit = (dir: string) => read(dir).variants['unhedged']?.decisions.find((d) => d.action === 'enter-condor')?.figures.creditPoints;
    expect(credit(skewOff)).toBeDefined();
    expect(credit(skewOff)).not.toBe(credit(defaults));
  });

  it('--across-models runs the same variants on other model configs: the figures of a run on each, side by side', async () => {
    const span = ['backtest', '--preset', 'alvh-ladder,unhedged', '--from', '2018-01-02', '--to', '2018-03-29', '--no-tape-cache'];
    const model = join('presets', 'model', 'skew-off.json');
    const across = outDir();
    const alone = outDir();
    const r = await runCli([...span, '--out', across, '--across-models', model]);
    expect(r.code).toBe(0);
    expect((await runCli([...span, '--out', alone, '--model-config', model])).code).toBe(0);
    type Figures = { name: string; cagrFraction: number; maxDrawdownFraction: number };
    type Results = { summaries: Array<{ name: string; metrics: { cagrFraction: number; drawdown: { maxDrawdownFraction: number } } }>; acrossModels?: { runs: Array<{ model: string; variants: Figures[] }>; twins: Array<{ hedged: string; twin: string; cagrGapByModel: number[] }> } };
    const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
    const acrossResults = read(across);
    const aloneResults = read(alone);
    expect(aloneResults.acrossModels).toBeUndefined();
    const runs = acrossResults.acrossModels?.runs ?? [];
    expect(runs.map((x) => x.model)).toEqual(['defaults', model]);
    // Each column is what a run on that model alone gives, to the last bit: the main run's own, and --model-config's.
    const headline = (res: Results) => res.summaries.map((s) => ({ name: s.name, cagrFraction: s.metrics.cagrFraction, maxDrawdownFraction: s.metrics.drawdown.maxDrawdownFraction }));
    expect(runs[0]?.variants.map(({ name, cagrFraction, maxDrawdownFraction }) => ({ name, cagrFraction, maxDrawdownFraction }))).toEqual(headline(acrossResults));
    expect(runs[1]?.variants.map(({ name, cagrFraction, maxDrawdownFraction }) => ({ name, cagrFraction, maxDrawdownFraction }))).toEqual(headline(aloneResults));
    const twin = acrossResults.acrossModels?.twins[0];
    expect(twin).toMatchObject({ hedged: 'alvh-ladder', twin: 'unhedged' });
    const cagr = (res: Results, name: string) => res.summaries.find((s) => s.name === name)?.metrics.cagrFraction as number;
    expect(twin?.cagrGapByModel[1]).toBe(cagr(aloneResults, 'alvh-ladder') - cagr(aloneResults, 'unhedged'));
    expect(r.stdout).toContain('The same variants on other market models');
    expect(r.stdout).toMatch(/alvh-ladder - unhedged: CAGR [-+]\d+\.\d\d to [-+]\d+\.\d\d points a year/);
    expect(r.stderr).toContain(`across models: ${model} (1 of 1)`);
    expect(readFileSync(join(across, 'backtest.md'), 'utf8')).toContain('The same variants on other market models');
  });

  it('--across-models refuses chain prices, an unknown file and a list of only its own model, before running', async () => {
    const out = outDir();
    const base = ['backtest', '--preset', 'unhedged', '--from', '2018-01-02', '--to', '2018-02-28', '--out', join(out, 'report')];
    const chains = await runCli([...base, '--market', 'chains', '--across-models']);
    expect(chains.code).toBe(1);
    expect(chains.stderr).toBe('alvh: --across-models runs the variants on each market model config: it cannot be combined with --market chains\n');
    const missing = await runCli([...base, '--across-models', 'presets/model/nope.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('alvh: --across-models: model config file not found: presets/model/nope.json\n');
    const own = await runCli([...base, '--model-config', 'presets/model/skew-off.json', '--across-models', 'presets/model/skew-off.json']);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain("every file named is the run's own model");
    expect(existsSync(join(out, 'report'))).toBe(false);
  });

  it('refuses a model config with a misspelled field before running, naming file and field', async () => {
    const out = outDir();
    const file = join(out, 'model.json');
    writeFileSync(file, '{"spx":{"skewCalibraton":"off"}}');
    const r = await runCli(['backtest', '--preset', 'unhedged', '--from', '2018-01-02', '--to', '2018-02-28', '--out', join(out, 'report'), '--model-config', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`alvh: --model-config: invalid market model config ${file}: spx.skewCalibraton: unknown field; did you mean "skewCalibration"?\n`);
    expect(existsSync(join(out, 'report'))).toBe(false);
  });
});
