/**
 * The sweep command end to end on the bundled history over a short period: the results are the same
 * bytes whether the variants run in this thread or on two worker threads, and a rerun runs nothing.
 * The worker threads run the compiled build (npm run build).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMarketHistory } from '../../data/loadHistory.js';
import type { MarketHistory } from '../../history/types.js';
import type { CliIo } from '../io.js';
import { runSweepCommand, type SweepCommandDeps } from './sweep.js';
import { formatComparison, runCompareSweepsCommand } from './compareSweeps.js';
import { wholeCodeFingerprint } from '../../data/codeFingerprint.js';
import { ResultStore } from '../../sweep/resultStore.js';
import { readStoredSweep } from '../../sweep/storedSweeps.js';
import { compareSweeps } from '../../sweep/compare.js';
import { runCli } from '../testing.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-sweep-'));
const userDir = join(dir, 'home');
let history: MarketHistory;
const deps: SweepCommandDeps = { loadHistory: async () => history, now: () => 0 };

function io(): CliIo & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false, text: () => out, errors: () => err };
}

const specPath = join(dir, 'spec.json');
/** Three short sweeps (one on two freshly started threads) take about 20 s on a busy 2-core machine. */
const SWEEP_TEST_TIMEOUT_MS = 180_000;

beforeAll(async () => {
  history = (await loadMarketHistory({ userDir })).history;
  writeFileSync(
    specPath,
    JSON.stringify({
      name: 'unit',
      basePreset: 'alvh-ladder',
      vary: [
        { kind: 'list', path: 'hedge.hedgeCallDelta', values: [0.2, 0.4] },
        { kind: 'grid', path: 'ironCondor.shortDelta', from: 0.15, to: 0.2, step: 0.05 },
      ],
      period: { from: '2020-01-01', to: '2020-04-30' },
      walkForward: { inSampleMonths: 1, outOfSampleMonths: 1 },
      cscvBlocks: 4,
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('alvh sweep', () => {
  it('gives byte-identical results on one thread and on two worker threads, and a rerun runs nothing', async () => {
    const one = io();
    const r1 = await runSweepCommand({ spec: specPath, workers: 1, db: join(dir, 'one.duckdb'), out: join(dir, 'r1'), export: [join(dir, 'one.csv'), join(dir, 'one.parquet')], top: 10, userDir }, one, deps);
    expect(r1.ran).toBe(5);
    const two = io();
    const r2 = await runSweepCommand({ spec: specPath, workers: 2, db: join(dir, 'two.duckdb'), out: join(dir, 'r2'), export: [join(dir, 'two.csv')], top: 10, userDir }, two, deps);
    expect(r2.ran).toBe(5);
    const csv1 = readFileSync(join(dir, 'one.csv'));
    expect(csv1.toString().trim().split('\n')).toHaveLength(6);
    expect(readFileSync(join(dir, 'two.csv')).equals(csv1)).toBe(true);
    expect(readFileSync(join(dir, 'r2', 'sweep.html')).equals(readFileSync(join(dir, 'r1', 'sweep.html')))).toBe(true);
    // Each worker's heap capped (less memory for more CPU, --worker-heap-mb): the same bytes.
    const capped = await runSweepCommand({ spec: specPath, workers: 2, workerHeapMb: 384, db: join(dir, 'capped.duckdb'), out: join(dir, 'r5'), export: [join(dir, 'capped.csv')], top: 10, userDir }, io(), deps);
    expect(capped.ran).toBe(5);
    expect(readFileSync(join(dir, 'capped.csv')).equals(csv1)).toBe(true);
    expect(one.text()).toContain('Top 5 by sharpeRatio');
    expect(one.text()).toMatch(/deflated Sharpe ratio of the best variant/);
    expect(one.text()).toMatch(/probability of backtest overfitting \(CSCV, 4 blocks, 6 splits\)/);
    expect(one.errors()).toMatch(/sweep unit \[#+\s*\] 5\/5 \(0 already done\)/);
    const again = io();
    const r3 = await runSweepCommand({ spec: specPath, workers: 2, db: join(dir, 'one.duckdb'), out: join(dir, 'r3'), export: [join(dir, 'three.csv')], top: 10, userDir }, again, deps);
    expect(r3.ran).toBe(0);
    expect(r3.skipped).toBe(5);
    expect(readFileSync(join(dir, 'three.csv')).equals(csv1)).toBe(true);
    // One variant per batch instead of the default batches: the same bytes.
    const single = await runSweepCommand({ spec: specPath, workers: 1, batch: 1, db: join(dir, 'single.duckdb'), out: join(dir, 'r4'), export: [join(dir, 'single.csv')], top: 10, userDir }, io(), deps);
    expect(single.ran).toBe(5);
    expect(readFileSync(join(dir, 'single.csv')).equals(csv1)).toBe(true);
  }, SWEEP_TEST_TIMEOUT_MS);

  it('stops with one clear error when a worker thread outgrows its heap cap', async () => {
    // 16 MB is far below what a worker holds once it has loaded the history: it runs out at its start.
    await expect(
      runSweepCommand({ spec: specPath, workers: 2, workerHeapMb: 16, db: join(dir, 'oom.duckdb'), out: join(dir, 'r6'), export: [], top: 10, userDir }, io(), deps),
    ).rejects.toThrow('a worker thread ran out of memory (its 16 MB heap cap): raise the cap or lower the batch size; the results stored so far are kept, and a rerun resumes');
  }, SWEEP_TEST_TIMEOUT_MS);

  it('reports a bad spec as one clear error naming the file and the field', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'bad', basePreset: 'alvh-ladder', vary: [{ kind: 'list', path: 'hedge.hedgeCallDelta', values: [0.2] }], period: { from: '2020-01-01', too: '2020-02-01' } }));
    const { code, stderr } = await runCli(['sweep', bad, '--db', join(dir, 'bad.duckdb')]);
    expect(code).toBe(1);
    expect(stderr).toContain(`invalid sweep spec ${bad}`);
    expect(stderr).toContain('period.too: unknown field; did you mean "to"?');
  });
});

describe('alvh sweep on another market model', () => {
  it("runs every variant on the spec's model, on one thread or two, under keys of their own; compare-sweeps lines the two rankings up", async () => {
    const spec = (name: string, marketModel?: unknown) => ({
      name,
      basePreset: 'alvh-ladder',
      vary: [{ kind: 'list', path: 'hedge.hedgeCallDelta', values: [0.2, 0.5] }],
      period: { from: '2020-02-03', to: '2020-03-31' },
      walkForward: { inSampleMonths: 1, outOfSampleMonths: 1 },
      cscvBlocks: 2,
      ...(marketModel === undefined ? {} : { marketModel }),
    });
    const plainPath = join(dir, 'model-default.json');
    const skewOffPath = join(dir, 'model-skew-off.json');
    writeFileSync(plainPath, JSON.stringify(spec('model')));
    writeFileSync(skewOffPath, JSON.stringify(spec('model-skew-off', { spx: { skewCalibration: 'off' } })));
    const db = join(dir, 'model.duckdb');
    const plain = io();
    const onDefaults = await runSweepCommand({ spec: plainPath, workers: 1, db, out: join(dir, 'm1'), export: [join(dir, 'm1.csv')], top: 10, userDir }, plain, deps);
    expect(onDefaults.ran).toBe(3);
    expect(plain.text()).toContain('market model: defaults\n');
    // The same variants on the fixed smile, in the same database: nothing is skipped, the results differ.
    const skewOff = io();
    const one = await runSweepCommand({ spec: skewOffPath, workers: 1, db, out: join(dir, 'm2'), export: [join(dir, 'm2.csv')], top: 10, userDir }, skewOff, deps);
    expect(one.ran).toBe(3);
    expect(one.skipped).toBe(0);
    expect(skewOff.text()).toContain('market model: spx.skewCalibration: "off"\n');
    expect(readFileSync(join(dir, 'm2', 'sweep.html'), 'utf8')).toContain('spx.skewCalibration: &quot;off&quot;');
    // Each variant (the same strategy config) ends with other equity on the other smile.
    const endEquity = (r: typeof one) => new Map(r.analysis.ranked.map((row) => [row.valuesJson, row.result.metrics.endEquityUsd]));
    const [before, after] = [endEquity(onDefaults), endEquity(one)];
    expect(after.size).toBe(3);
    for (const [values, equity] of after) {
      expect(before.get(values)).toBeTypeOf('number');
      expect(equity).not.toBe(before.get(values));
    }
    // Two worker threads read the spec's model too: the same bytes as one thread.
    const two = await runSweepCommand({ spec: skewOffPath, workers: 2, db: join(dir, 'model-two.duckdb'), out: join(dir, 'm3'), export: [join(dir, 'm3.csv')], top: 10, userDir }, io(), deps);
    expect(two.ran).toBe(3);
    expect(readFileSync(join(dir, 'm3.csv')).equals(readFileSync(join(dir, 'm2.csv')))).toBe(true);

    // The two rankings side by side, worked from the stored Sharpe ratios.
    const sharpe = (r: typeof one) => new Map(r.analysis.ranked.map((row) => [row.valuesJson, row.result.metrics.sharpeRatio as number]));
    const [sa, sb] = [sharpe(onDefaults), sharpe(one)];
    const keys = [...sa.keys()];
    const rankOf = (m: Map<string, number>, k: string) => [...m.values()].filter((v) => v > (m.get(k) as number)).length + 1;
    // Spearman for three variants without ties: 1 - 6 sum d^2 / (3 x 8).
    const expectedRho = 1 - (6 * keys.reduce((sum, k) => sum + (rankOf(sa, k) - rankOf(sb, k)) ** 2, 0)) / 24;
    const compared = io();
    const c = await runCompareSweepsCommand({ a: 'model', b: 'model-skew-off', top: 10, db }, compared);
    expect(c.spearman).toBeCloseTo(expectedRho, 12);
    expect(c.variants.map((v) => [v.valuesJson, v.rankA, v.rankB])).toEqual(keys.map((k) => [k, rankOf(sa, k), rankOf(sb, k)]));
    expect(compared.text()).toMatch(/^Sweeps model and model-skew-off by sharpeRatio \(higher is better\): 3 variants in both\n/);
    expect(compared.text()).toContain('market model spx.skewCalibration: "off"');
    expect(compared.text()).toContain(`Spearman rank correlation: ${expectedRho.toFixed(3)}`);
    // Both ran on this build: each says which, and no warning about builds.
    expect(compared.text()).toContain(`, code ${wholeCodeFingerprint().slice(0, 12)}, market model defaults`);
    expect(compared.text()).not.toContain('different builds');
    // The same comparison against results of another build says the ranking may move for that reason too.
    const store = await ResultStore.open(db);
    try {
      const a = await readStoredSweep(store, 'model', db);
      const b = await readStoredSweep(store, 'model-skew-off', db);
      const rebuilt = { ...b, rows: b.rows.map((r) => ({ ...r, result: { ...r.result, codeVersion: 'f'.repeat(64) } })) };
      const text = formatComparison(a, rebuilt, compareSweeps(a, rebuilt, 'sharpeRatio'), 10);
      expect(text).toContain(', code ffffffffffff, market model spx.skewCalibration: "off"');
      expect(text).toContain('(the two ran on different builds of alvh: a rule or model that changed between them moves the ranking too)');
    } finally {
      store.close();
    }
    // The second sweep's own output already said so: the database held the first, of the same variants.
    expect(plain.text()).not.toContain('the same variants in other sweeps');
    expect(skewOff.text()).toContain(`the same variants in other sweeps of this database, by sharpeRatio (alvh compare-sweeps model-skew-off OTHER):\n  model (market model defaults; the same period): 3 variants in both, Spearman ${expectedRho.toFixed(3)}; `);
    expect(readFileSync(join(dir, 'm2', 'sweep.html'), 'utf8')).toContain('The same variants in other sweeps');
    const asJson = io();
    await runCompareSweepsCommand({ a: 'model', b: 'model-skew-off', top: 10, db, json: true, metric: 'maxDrawdownFraction' }, asJson);
    expect(JSON.parse(asJson.text())).toMatchObject({ a: { name: 'model', marketModel: 'defaults', codeVersion: wholeCodeFingerprint() }, b: { name: 'model-skew-off' }, metric: 'maxDrawdownFraction' });
    await expect(runCompareSweepsCommand({ a: 'model', b: 'nope', top: 10, db }, io())).rejects.toThrow("no sweep 'nope' in " + db + '; it holds model, model-skew-off');
    await expect(runCompareSweepsCommand({ a: 'model', b: 'model-skew-off', top: 10, db, metric: 'luck' }, io())).rejects.toThrow(/--metric 'luck' is not one of: sharpeRatio/);
    // A database that is not there is named, and not created by asking.
    const absent = join(dir, 'absent', 'sweeps.duckdb');
    await expect(runCompareSweepsCommand({ a: 'model', b: 'model-skew-off', top: 10, db: absent }, io())).rejects.toThrow(`no results database at ${absent} (run alvh sweep SPEC first, or name one with --db)`);
    expect(existsSync(absent)).toBe(false);
  }, SWEEP_TEST_TIMEOUT_MS);
});

describe('alvh sweep on a period without the data', () => {
  it('is refused before the results database or a progress line', async () => {
    const late = join(dir, 'late.json');
    writeFileSync(late, JSON.stringify({ name: 'late', basePreset: 'alvh-ladder', vary: [{ kind: 'list', path: 'hedge.hedgeCallDelta', values: [0.2, 0.3] }], period: { from: '2030-01-01', to: '2030-12-31' } }));
    const db = join(dir, 'late.duckdb');
    const { code, stderr } = await runCli(['sweep', late, '--db', db]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^alvh: no trading days between 2030-01-01 and (\d{4}-\d\d-\d\d) \(the run ends at \1: the last day with VIX futures settlements; SPX data runs to \d{4}-\d\d-\d\d\)\n$/);
    expect(existsSync(db)).toBe(false);
  });
});

describe('alvh sweep options', () => {
  it('rejects bad options before running anything', async () => {
    const bad = async (args: string[]) => (await runCli(['sweep', specPath, '--db', join(dir, 'opts.duckdb'), ...args])).stderr;
    expect(await bad(['--workers', '0'])).toContain('--workers must be a positive whole number');
    expect(await bad(['--batch', '0'])).toContain('invalid sweep batch config: batchVariants');
    expect(await bad(['--batch', '0'])).toContain('--batch 0: ');
    // Text that is not a number is named as typed, not as the NaN it would become.
    const eight = await bad(['--batch', 'eight']);
    expect(eight).toContain("--batch 'eight': must be a finite number");
    expect(eight).not.toContain('NaN');
    expect(await bad(['--workers', 'two'])).toContain("--workers 'two': must be a finite number");
    expect(await bad(['--top', '0x10'])).toContain("--top '0x10': must be a finite number");
    expect(await bad(['--export', 'x.json'])).toContain('--export x.json: the file name must end in .parquet or .csv');
    expect(await bad(['--queue', 'redis://127.0.0.1:1', '--workers', '2'])).toContain('--workers and --queue exclude each other');
    expect(await bad(['--queue', 'http://x'])).toContain("--queue: 'http://x': only redis:// URLs are supported");
    expect(await bad(['--worker-heap-mb', '512'])).toContain('--worker-heap-mb caps the heap of worker threads on this machine: it needs --workers 2 or more, and no --queue');
    expect(await bad(['--workers', '2', '--worker-heap-mb', '0'])).toContain("--worker-heap-mb 0: a worker thread's heap cap must be a whole number of MB from 1 to");
    expect(await bad(['--workers', '2', '--worker-heap-mb', 'lots'])).toContain("--worker-heap-mb 'lots': must be a finite number");
  });
});
