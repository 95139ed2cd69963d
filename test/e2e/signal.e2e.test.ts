/**
 * `alvh signal` and `alvh book` on the bundled real data, through the two stress days the methodology
 * is about: 2018-02-05 (the volatility shock) and 2020-03-16 (the crash). Each book is a real
 * workflow: positions imported from a CSV, or the signal accepted day by day at model prices.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/testing.js';
import type { DailySignal } from '../../src/book/dailySignal.js';
import type { DayCalibration } from '../../src/market/dayCalibration.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-signal-e2e-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** SPX strikes are listed every 5 points at least. */
const SPX_STRIKE_STEP_POINTS = 5;

async function ok(args: string[]): Promise<string> {
  const r = await runCli(args);
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.code, args.join(' ')).toBe(0);
  return r.stdout;
}

interface SignalJson {
  modelCalibration?: DayCalibration;
  journal: 'new' | 'reproduced' | 'changed';
  journalEarlier: { alvhVersion: string; codeVersion: string } | null;
  staleness: { lastDataDay: string; lastDataReason: string; calendarDaysBeforeLastData: number; lastDataCalendarDaysBeforeToday: number; stale: boolean; staleAfterCalendarDays: number };
  signal: DailySignal;
}

function expectReasoned(signal: DailySignal): void {
  expect(signal.decisions.length).toBeGreaterThan(0);
  for (const d of signal.decisions) {
    expect(d.rule).toMatch(/^[a-z]+\./);
    expect(d.reason.length).toBeGreaterThan(10);
  }
  for (const t of signal.trades.filter((x) => x.underlying === 'SPX')) expect(t.strike % SPX_STRIKE_STEP_POINTS).toBe(0);
  expect(Number.isFinite(signal.greeksAfter?.spxDeltaUsdPerPoint)).toBe(true);
}

describe('alvh signal on real data', () => {
  it('2018-02-05 for a condor imported from a CSV: the threatened put side, the hedge payoff against the roll cost, and layer 1', async () => {
    const book = join(tempDir(), 'book.sqlite');
    expect(await ok(['book', 'import', 'test/fixtures/book/condor-2018-01-19.csv', '--book', book])).toMatch(/imported 4 position\(s\)/);
    const out = JSON.parse(await ok(['signal', '--date', '2018-02-05', '--book', book, '--json'])) as SignalJson;
    const s = out.signal;
    expect(out.journal).toBe('new');
    expect(s.market?.vixClose).toBe(37.32);
    expect(s.summary?.regime).toBe('high');
    expectReasoned(s);
    const roll = s.decisions.find((d) => d.group === 'condor-a' && (d.action === 'roll-condor' || d.action === 'defer-roll'));
    expect(roll).toBeDefined();
    expect(roll!.figures.shortStrike).toBe(2700);
    expect(typeof roll!.figures.rollCostUsd).toBe('number');
    expect(typeof roll!.figures.projectedHedgePayoffUsd).toBe('number');
    const layer = s.decisions.find((d) => d.action === 'add-layer');
    expect(layer?.rule).toBe('hedge.layer1.regime');
    const hedgeBuy = s.trades.find((t) => t.role === 'hedge');
    expect(hedgeBuy).toMatchObject({ underlying: 'VIX', type: 'call', layer: 1 });
    expect(hedgeBuy!.quantity).toBe(layer!.figures.contracts);
    // Greeks after the actions: the hedge is on, so the ratio is positive.
    expect(s.greeksAfter!.hedgeRatio).toBeGreaterThan(0);
    expect(s.greeksAfter!.hedgeUsdPerVixPoint).toBeGreaterThan(0);
    // How the model was calibrated that day: VIX 37.32, VIX9D/VIX3M/VIX6M and SKEW published and
    // reproduced by the model's own indexes, VVIX published; nothing stood in, so no note.
    const c = out.modelCalibration!;
    expect(c.tenors.map((t) => `${t.index} ${t.source}`)).toEqual(['VIX9D observed', 'VIX observed', 'VIX3M observed', 'VIX6M observed']);
    expect(c.tenors[1]!.targetPercent).toBeCloseTo(37.32, 9);
    expect(c.largestPublishedResidualVolPoints).toBeLessThanOrEqual(0.1);
    expect(c.skew.source).toBe('skew');
    expect(c.vixOptions!.vvixFromFallback).toBe(false);
    expect(c.notes).toEqual([]);
    const text = await ok(['signal', '--date', '2018-02-05', '--book', book]);
    const line = text.split('\n').find((l) => l.startsWith('Model calibration'));
    expect(line).toMatch(/^Model calibration \(target -> the model's own index\): VIX9D \d+\.\d\d -> \d+\.\d\d, VIX 37\.32 -> 37\.32, VIX3M .*; SKEW \d+\.\d \(median of 5 closes\) -> \d+\.\d \(skew level \d\.\d{3}\); VVIX \d+\.\d\d -> \d+\.\d\d$/);
    expect(text).not.toContain('model note:');
  });

  it('2020-03-13 after accepting every day since January: the layer cashed as the VIX spike turns, with its figures', async () => {
    const book = join(tempDir(), 'book.sqlite');
    await ok(['book', 'accept', '--from', '2020-01-02', '--date', '2020-03-12', '--book', book]);
    const out = JSON.parse(await ok(['signal', '--date', '2020-03-13', '--book', book, '--json'])) as SignalJson;
    const s = out.signal;
    expect(s.summary?.regime).toBe('extreme');
    expectReasoned(s);
    // VIX 57.83 against the spike's 75.47 peak: more than 10 % below it, so the layer is cashed.
    const cash = s.decisions.find((d) => d.action === 'cash-layer');
    expect(cash?.rule).toBe('hedge.takeProfit.vixSpike');
    // Asked again for the same day, data and book, the journal's signal comes back, byte for byte.
    const again = JSON.parse(await ok(['signal', '--date', '2020-03-13', '--book', book, '--json'])) as SignalJson;
    expect(again.journal).toBe('reproduced');
    expect(JSON.stringify(again.signal)).toBe(JSON.stringify(s));
    const text = await ok(['signal', '--date', '2020-03-13', '--book', book]);
    expect(text).toMatch(/Recommendations:\n +1\. cash-layer hedge-/);
    expect(text).toMatch(/hedge ratio \d\.\d{3}/);
    expect(text).toMatch(/Journal: identical to the signal stored/);
   }, 240_000);

  it('a signal an earlier build journalled differently is kept and reported as changed; one from this build must reproduce', async () => {
    const book = join(tempDir(), 'book.sqlite');
    await ok(['book', 'import', 'test/fixtures/book/condor-2018-01-19.csv', '--book', book]);
    const first = JSON.parse(await ok(['signal', '--date', '2018-02-05', '--book', book, '--json'])) as SignalJson;
    expect(first.journal).toBe('new');
    // As if an earlier alvh had issued the day's signal with other rules: the entry's code and text differ.
    const raw = new Database(book);
    raw.prepare("UPDATE signal_journal SET code_version = 'an-earlier-build', signal_json = replace(signal_json, 'roll-condor', 'defer-roll')").run();
    raw.close();
    const again = JSON.parse(await ok(['signal', '--date', '2018-02-05', '--book', book, '--json'])) as SignalJson;
    expect(again.journal).toBe('changed');
    expect(again.journalEarlier).toEqual({ alvhVersion: '0.1.0', codeVersion: 'an-earlier-build' });
    expect(JSON.stringify(again.signal)).toBe(JSON.stringify(first.signal));
    expect(await ok(['signal', '--date', '2018-02-05', '--book', book])).toMatch(/^Journal: identical to the signal stored/m);
    // The day can be accepted: the earlier build's entry is history, not a refusal.
    expect(await ok(['book', 'accept', '--date', '2018-02-05', '--book', book])).toMatch(/^2018-02-05: accepted 2 decision\(s\)/);
    // This build's own entry made to differ: the same code, data, config and book must give the same signal.
    const tamper = new Database(book);
    tamper.prepare("UPDATE signal_journal SET signal_json = replace(signal_json, 'roll-condor', 'defer-roll') WHERE code_version <> 'an-earlier-build'").run();
    tamper.close();
    const refused = await runCli(['signal', '--date', '2018-02-05', '--book', book]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/computed by this very build of alvh .* did not reproduce itself/);
  }, 120_000);

  it('without --date: the last day with data, and how stale it is', async () => {
    const out = JSON.parse(await ok(['signal', '--book', join(tempDir(), 'b.sqlite'), '--json'])) as SignalJson;
    expect(out.signal.date).toBe(out.staleness.lastDataDay);
    expect(out.staleness.calendarDaysBeforeLastData).toBe(0);
    // Stale past four calendar days behind today (the bundled data is, on any clock after 2026-04-21):
    // the terminal then says so before anything else, as the dashboard's banner does.
    const { stale, lastDataCalendarDaysBeforeToday: behind, staleAfterCalendarDays } = out.staleness;
    expect(staleAfterCalendarDays).toBe(4);
    expect(stale).toBe(behind > 4);
    const text = await ok(['signal', '--book', join(tempDir(), 'c.sqlite')]);
    const second = text.split('\n')[1] as string;
    // Why the usable data ends there: the hedged preset needs the VIX futures curve, whose bundled file
    // ends before the SPX file; the reason names the series, and the later SPX day.
    const reason = out.staleness.lastDataReason;
    const vixFuturesEnd = /^the last day with VIX futures settlements; SPX data runs to (\d{4}-\d{2}-\d{2})$/.exec(reason);
    if (vixFuturesEnd === null) expect(reason).toBe('the last day with SPX data');
    else expect((vixFuturesEnd[1] as string) > out.staleness.lastDataDay).toBe(true);
    const lastData = `${out.staleness.lastDataDay} (${reason})`;
    if (stale) expect(second).toBe(`STALE DATA: the latest day with data is ${lastData}, ${behind} calendar days before today: this is not today's signal. Run \`alvh data update\` (or import the latest files) first.`);
    else expect(second).toMatch(/^Data: last day with data/);
    expect(text.split('\n')).toContain(`Data: last day with data ${lastData}, ${behind} calendar day(s) before today`);
  });

  it('--across-models: the same book and day on another model, as that model\'s own signal gives it, journalling nothing more', async () => {
    const model = 'presets/model/skew-relative.json';
    const book = join(tempDir(), 'book.sqlite');
    const alone = join(tempDir(), 'book.sqlite');
    for (const b of [book, alone]) await ok(['book', 'import', 'test/fixtures/book/condor-2018-01-19.csv', '--book', b]);
    type AcrossJson = SignalJson & { acrossModels?: Array<{ model: string; sameActions: boolean; sameTrades: boolean; tradeChanges: string[]; trades: DailySignal['trades']; decisions: DailySignal['decisions'] }> };
    const across = JSON.parse(await ok(['signal', '--date', '2018-02-05', '--book', book, '--json', '--across-models', model])) as AcrossJson;
    const onModel = JSON.parse(await ok(['signal', '--date', '2018-02-05', '--book', alone, '--json', '--model-config', model])) as AcrossJson;
    expect(across.acrossModels?.map((o) => o.model)).toEqual([model]);
    const what = across.acrossModels?.[0];
    // The what-if is that model's own signal for the same book and day, trade for trade.
    expect(what?.trades).toEqual(onModel.signal.trades);
    expect(what?.decisions).toEqual(onModel.signal.decisions);
    // On this day the models agree on what to do and not on the strikes of the rolled put spread.
    expect(what?.sameActions).toBe(true);
    expect(what?.sameTrades).toBe(false);
    expect(what?.tradeChanges.some((c) => /^sell to open 10 SPX 2018-03-16 \d+ put \(followed: sell to open 10 SPX 2018-03-16 \d+ put\)$/.test(c))).toBe(true);
    // Only the followed signal was journalled: the plain signal reproduces it.
    expect(across.journal).toBe('new');
    expect((JSON.parse(await ok(['signal', '--date', '2018-02-05', '--book', book, '--json'])) as SignalJson).journal).toBe('reproduced');
    const text = await ok(['signal', '--date', '2018-02-05', '--book', book, '--across-models', model]);
    // A past day is a replay: no banner that the data is old (it is, on any clock after 2026-04-21),
    // only the line that says how far before the last day with data this day is.
    expect(text).not.toContain('STALE DATA');
    expect(text.split('\n')[1]).toMatch(/^Data: last day with data \d{4}-\d{2}-\d{2} \(.*\), \d+ calendar day\(s\) before today; this day is \d+ calendar day\(s\) before it$/);
    expect(text).toContain(`  ${model}: the same recommendations, other trades\n`);
    expect(text).toContain('0 of 1 other model(s) recommend exactly what the followed signal does');
  });

  it('--across-models refuses a file it cannot read before touching the book', async () => {
    const book = join(tempDir(), 'book.sqlite');
    const r = await runCli(['signal', '--date', '2018-02-05', '--book', book, '--across-models', 'presets/model/nope.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('alvh: --across-models: model config file not found: presets/model/nope.json\n');
    expect(existsSync(book)).toBe(false);
  });

  it('on another market model (--model-config): priced on it, journalled beside the default model, named in the output and the book', async () => {
    const dir = tempDir();
    const book = join(dir, 'book.sqlite');
    const model = 'presets/model/skew-off.json';
    await ok(['book', 'import', 'test/fixtures/book/condor-2018-01-19.csv', '--book', book]);
    type ModelSignalJson = SignalJson & { marketModel?: { source: string; changes: string[] } };
    const signal = async (...extra: string[]) => JSON.parse(await ok(['signal', '--date', '2018-02-05', '--book', book, '--json', ...extra])) as ModelSignalJson;
    const onDefaults = await signal();
    const onFixedSmile = await signal('--model-config', model);
    expect(onDefaults.marketModel).toEqual({ source: 'defaults', changes: [] });
    expect(onFixedSmile.marketModel).toEqual({ source: model, changes: ['spx.skewCalibration: "off"'] });
    // Its own journal entry, not a mismatch with the default model's signal of the same day.
    expect([onDefaults.journal, onFixedSmile.journal]).toEqual(['new', 'new']);
    expect((await signal('--model-config', model)).journal).toBe('reproduced');
    expect((await signal()).journal).toBe('reproduced');
    // The threatened put side is priced on the fixed smile: another cost to close it.
    const rollCost = (s: ModelSignalJson) => s.signal.decisions.find((d) => d.group === 'condor-a' && d.figures.closeCostPoints !== undefined)?.figures.closeCostPoints;
    expect(typeof rollCost(onDefaults)).toBe('number');
    expect(typeof rollCost(onFixedSmile)).toBe('number');
    expect(rollCost(onFixedSmile)).not.toBe(rollCost(onDefaults));
    // The calibration line reports the model the prices came from: the fixed smile is not solved to SKEW.
    expect(onDefaults.modelCalibration!.skew.source).toBe('skew');
    expect(onFixedSmile.modelCalibration!.skew).toMatchObject({ source: 'fixed', skewLevel: 1, targetSkew: null });
    expect(await ok(['signal', '--date', '2018-02-05', '--book', book, '--model-config', model])).toContain(`Market model: ${model} (spx.skewCalibration: "off")\n`);
    expect(await ok(['signal', '--date', '2018-02-05', '--book', book])).not.toContain('Market model:');
    // Accepted on it, the book's state says so.
    await ok(['book', 'accept', '--date', '2018-02-05', '--book', book, '--model-config', model]);
    expect(await ok(['book', 'list', '--date', '2018-02-06', '--book', book, '--model-config', model])).toMatch(/\(accept: at model prices \(market model presets\/model\/skew-off\.json\)\); marks at the model on 2018-02-06\nMarket model: presets\/model\/skew-off\.json/);
    // A file that cannot be used is refused before a book file is made.
    const fresh = join(dir, 'fresh.sqlite');
    const bad = await runCli(['signal', '--book', fresh, '--model-config', join(dir, 'missing.json')]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toBe(`alvh: --model-config: model config file not found: ${join(dir, 'missing.json')}\n`);
    expect(existsSync(fresh)).toBe(false);
  });

  it('before VIX3M was published, says the inversion comes from the futures curve, and what stood in for the model', async () => {
    // 2007-03-01: no VIX3M yet (from 2009-09-18), VIX futures M2 below M1 by 0.01.
    const text = await ok(['signal', '--date', '2007-03-01', '--book', join(tempDir(), 'book.sqlite')]);
    expect(text).toContain('Signals: regime normal; VIX spike yes; VIX/VIX3M n/a (no VIX3M: the futures curve is inverted, M2 below M1); futures M2-M1 -0.01;');
    expect(text).toMatch(/\n {2}model note: VIX3M is not published for this day: the 93-day level \d+\.\d\d stands in \(from the VIX futures curve\)\n/);
  });

  it('an index replica\'s fractional contracts are said to be so under the trades; whole contracts get no such line', async () => {
    // 2018-01-19, the cndr preset's first roll: 1,000,000 USD over ten times the 145-point widest wing
    // (x 100 USD a point) is 6.8966 contracts a leg, as Cboe's index sizes its condor.
    const replica = await ok(['signal', '--preset', 'cndr', '--date', '2018-01-19', '--book', join(tempDir(), 'book.sqlite')]);
    expect(replica).toContain('\n  sell to open 6.8966 SPX 2018-02-16 2725 put @ ');
    expect(replica).toContain('\n  Fractional contracts: preset cndr sizes as the index it replicates does (sizing.allowFractionalContracts); a brokerage account trades whole contracts\n');
    const ladder = await ok(['signal', '--date', '2007-03-06', '--book', join(tempDir(), 'book.sqlite')]);
    expect(ladder).toContain('sell to open 11 SPX');
    expect(ladder).not.toContain('Fractional contracts');
  });

  it('a PPUT book: the SPX units its roll buys are among the trades, and the next day starts from its one-put structure', async () => {
    // 2018-01-19, the pput preset's first roll: 1,000,000 USD buys packages of one SPX unit at the 11:00
    // estimate 2804.38 and one 2665 put (5 % out of the money) at 6.55: 1,000,000 / (2804.38 + 6.55) =
    // 355.7549 units, 997,671 USD of them, and 3.5575 puts (a put per 100 units).
    const book = join(tempDir(), 'book.sqlite');
    const signal = await ok(['signal', '--preset', 'pput', '--date', '2018-01-19', '--book', book]);
    expect(signal).toContain('\n  buy 355.7549 SPX units (underlying leg) @ 2804.38, 997,671 USD, at the index level, no fee  [underlying.spx]\n');
    const accepted = await ok(['book', 'accept', '--preset', 'pput', '--date', '2018-01-19', '--book', book]);
    expect(accepted).toBe('2018-01-19: accepted 2 decision(s), 2 trade(s) (state #1)\n  bought to open 3.5575 SPX 2018-02-16 2665 put @ 6.55 [condor-1.longPut.2]\n  bought 355.7549 SPX units (underlying leg) @ 2804.38 [underlying.spx]\n');
    // The book's one put is the whole structure (it used to be refused as a condor missing three legs);
    // the units' daily dividend reinvestment is the index's accrual, not a trade to place.
    const next = await ok(['signal', '--preset', 'pput', '--date', '2018-01-22', '--book', book]);
    expect(next).toContain('\nRecommendations: none (hold the book as it is)\n');
    expect(next).not.toContain('Trades at the');
    // book list shows the units' id; a hand close of it says what it is rather than that it does not exist.
    const close = await runCli(['book', 'close', 'underlying.spx', '--price', '2830', '--date', '2018-01-22', '--preset', 'pput', '--book', book]);
    expect(close.code).not.toBe(0);
    expect(close.stderr).toBe("alvh: 'underlying.spx' is SPX units (underlying leg), which the book trades only as the signal does (alvh book accept), not a position to close by hand\n");
    // The fractional put closes whole with no count (it used to ask for 1 to 3.5575 whole contracts).
    const part = await runCli(['book', 'close', 'condor-1.longPut.2', '--price', '6', '--contracts', '4', '--date', '2018-01-22', '--preset', 'pput', '--book', book]);
    expect(part.stderr).toBe('alvh: condor-1.longPut.2: can close 1 to 3 whole contracts, or all 3.5575 with no count given, not 4\n');
    expect(await ok(['book', 'close', 'condor-1.longPut.2', '--price', '6', '--date', '2018-01-22', '--preset', 'pput', '--book', book])).toMatch(/^closed 3\.5575 of condor-1\.longPut\.2 at 6 \(state #\d+\)\n/);
  });

  it('rejects a day that is not a trading day, naming the one before', async () => {
    const r = await runCli(['signal', '--date', '2020-03-15', '--book', join(tempDir(), 'b.sqlite')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe('alvh: --date 2020-03-15 is a Sunday; the trading day before is 2020-03-13\n');
  });

  it('rejects a day after the data the preset needs, naming the series that ends it', async () => {
    // The bundled SPX file runs past the VIX futures file; the hedged preset needs the futures curve.
    const r = await runCli(['signal', '--date', '2026-08-21', '--book', join(tempDir(), 'b.sqlite')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^alvh: --date 2026-08-21: the data the strategy needs ends on \d{4}-\d{2}-\d{2} \(the last day with VIX futures settlements; SPX data runs to 2026-08-21; run alvh data update\)\n$/);
  });
});

describe('alvh book on real data', () => {
  it('accepts a day with the fills actually obtained: cash differs from accepting at model prices by exactly the difference', async () => {
    const dir = tempDir();
    const actualBook = join(dir, 'actual.sqlite');
    const modelBook = join(dir, 'model.sqlite');
    for (const b of [actualBook, modelBook]) await ok(['book', 'import', 'test/fixtures/book/condor-2018-01-19.csv', '--book', b]);
    const model = JSON.parse(await ok(['signal', '--date', '2018-02-05', '--book', actualBook, '--json'])) as SignalJson;
    const hedge = model.signal.trades.find((t) => t.role === 'hedge')!;
    const paid = hedge.modelPricePoints + 0.1;
    const fills = join(dir, 'fills.csv');
    writeFileSync(fills, `position_id,price,fees_usd\n${hedge.positionId},${paid},${hedge.feesUsd + 5}\n`);
    expect(await ok(['book', 'accept', '--date', '2018-02-05', '--fills', fills, '--book', actualBook])).toMatch(/2018-02-05: accepted/);
    await ok(['book', 'accept', '--date', '2018-02-05', '--book', modelBook]);
    type Listed = { cashUsd: number; positions: Array<{ id: string; entryPricePoints: number }> };
    const actual = JSON.parse(await ok(['book', 'list', '--date', '2018-02-06', '--book', actualBook, '--json'])) as Listed;
    const atModel = JSON.parse(await ok(['book', 'list', '--date', '2018-02-06', '--book', modelBook, '--json'])) as Listed;
    // Paid 0.10 more per VIX call ($100 multiplier) and 5 USD more in fees; interest is on the cash before the fill.
    expect(actual.cashUsd - atModel.cashUsd).toBeCloseTo(-(paid - hedge.modelPricePoints) * 100 * hedge.quantity - 5, 6);
    expect(actual.positions.find((p) => p.id === hedge.positionId)?.entryPricePoints).toBe(paid);
    const again = await runCli(['book', 'accept', '--date', '2018-02-05', '--book', actualBook]);
    expect(again.stderr).toMatch(/already accepted/);
  });

  it('adds, lists, closes and shocks a position; the risk grid splits condors and hedge', async () => {
    const book = join(tempDir(), 'book.sqlite');
    await ok(['book', 'import', 'test/fixtures/book/condor-2018-01-19.csv', '--book', book]);
    expect(await ok(['book', 'add', '--book', book, '--group', 'hedge-a', '--role', 'hedge', '--leg', 'longCall', '--type', 'call', '--strike', '20', '--expiry', '2018-03-21', '--quantity', '20', '--price', '1.10', '--date', '2018-02-02'])).toMatch(/added hedge-a\.longCall\.5/);
    const risk = JSON.parse(await ok(['book', 'risk', '--date', '2018-02-05', '--book', book, '--json'])) as { grid: Array<{ spxMoveFraction: number; vixShiftPoints: number; hedgePnlUsd: number; condorPnlUsd: number; totalPnlUsd: number }> };
    expect(risk.grid.length).toBe(9 * 4);
    const cell = (m: number, v: number) => risk.grid.find((c) => c.spxMoveFraction === m && c.vixShiftPoints === v)!;
    expect(cell(0, 0).totalPnlUsd).toBe(0);
    // Long VIX calls gain as VIX rises; their share does not depend on the SPX move.
    expect(cell(-0.2, 40).hedgePnlUsd).toBeGreaterThan(cell(-0.2, 10).hedgePnlUsd);
    expect(cell(-0.2, 10).hedgePnlUsd).toBeGreaterThan(0);
    expect(cell(0.1, 20).hedgePnlUsd).toBe(cell(-0.2, 20).hedgePnlUsd);
    expect(cell(-0.2, 0).condorPnlUsd).toBeLessThan(0);
    // A mark of 2018-02-01, before the hedge's fill: the book as it stood then, the later state named.
    const earlier = await ok(['book', 'list', '--date', '2018-02-01', '--book', book]);
    expect(earlier).not.toMatch(/^ +hedge-a/m);
    expect(earlier).toMatch(/^book state #2 of 2018-02-02 is after 2018-02-01 and not in these marks: mark 2018-02-02 or later to see it$/m);
    const earlierRisk = JSON.parse(await ok(['book', 'risk', '--date', '2018-02-01', '--book', book, '--json'])) as { laterState: { id: number; day: string; note: string }; grid: Array<{ hedgePnlUsd: number }> };
    expect(earlierRisk.laterState).toEqual({ id: 2, day: '2018-02-02', note: 'book state #2 of 2018-02-02 is after 2018-02-01 and not in these marks: mark 2018-02-02 or later to see it' });
    expect(earlierRisk.grid.every((c) => c.hedgePnlUsd === 0)).toBe(true);
    // The signal of that day starts from the same state and names the later one too.
    expect(await ok(['signal', '--date', '2018-02-01', '--book', book])).toMatch(/^Book: state #1 of 2018-01-19 \(warning: .*\); book state #2 of 2018-02-02 is after this day and not in this signal$/m);
    expect(await ok(['book', 'close', 'hedge-a.longCall.5', '--price', '1.5', '--date', '2018-02-05', '--book', book])).toMatch(/closed 20 of hedge-a\.longCall\.5/);
    const list = await ok(['book', 'list', '--date', '2018-02-05', '--book', book]);
    expect(list).not.toMatch(/^ +hedge-a/m);
    expect(list).toMatch(/condor-a\.shortPut\.1 +condor short 10 SPX 2018-03-16 2700 put/);
  });

  it('a fill recorded past the model\'s data is stored with a note; marks and the signal leave it out until the data reaches it', async () => {
    // The bundled VIX futures settlements end on 2026-04-17 and the SPX closes on 2026-08-21: a leg
    // filled on 2026-08-14 is a real SPX day after the last day the model can mark.
    const book = join(tempDir(), 'book.sqlite');
    const added = await ok(['book', 'add', '--book', book, '--group', 'condor-a', '--role', 'condor', '--leg', 'shortPut', '--type', 'put', '--strike', '6000', '--expiry', '2026-09-18', '--quantity', '-1', '--price', '20', '--date', '2026-08-14']);
    const dataEnds = 'the last day with VIX futures settlements; SPX data runs to 2026-08-21';
    expect(added).toBe(`added condor-a.shortPut.1 (state #1)\nnote: the data the model needs ends on 2026-04-17 (${dataEnds}): book list, book risk and alvh signal leave this state out until alvh data update brings the data to 2026-08-14\n`);
    expect(await ok(['book', 'list', '--book', book])).toBe(`the book held nothing at the close of 2026-04-17: book state #1 of 2026-08-14 is after 2026-04-17 and not in these marks: the model's data ends on 2026-04-17 (${dataEnds}; run alvh data update)\n`);
    const risk = await runCli(['book', 'risk', '--book', book]);
    expect(risk.code).toBe(1);
    expect(risk.stderr).toMatch(/the book held nothing at the close of 2026-04-17: book state #1 of 2026-08-14/);
    expect(await ok(['signal', '--book', book])).toMatch(/^Book: empty on this day, 1,000,000 USD of equity; book state #1 of 2026-08-14 is after this day and not in this signal$/m);
    // A fill within the data gets no note.
    const inData = join(tempDir(), 'book.sqlite');
    expect(await ok(['book', 'add', '--book', inData, '--group', 'condor-a', '--role', 'condor', '--leg', 'shortPut', '--type', 'put', '--strike', '6000', '--expiry', '2026-05-15', '--quantity', '-1', '--price', '20', '--date', '2026-04-17'])).toBe('added condor-a.shortPut.1 (state #1)\n');
  });

  it('shocks a VIX call on a calm day: the vol break-even search below zero VIX prices every scenario', async () => {
    // 2018-03-20, VIX about 18: the break-even search reaches 30 vol points down, where the April
    // future moved by its beta would be negative. It stops at the floor instead of failing on a NaN vol.
    const book = join(tempDir(), 'book.sqlite');
    await ok(['book', 'add', '--book', book, '--group', 'hedge-b', '--role', 'hedge', '--leg', 'longCall', '--type', 'call', '--strike', '20', '--expiry', '2018-04-18', '--quantity', '1', '--price', '1.5', '--date', '2018-03-20']);
    const risk = JSON.parse(await ok(['book', 'risk', '--date', '2018-03-20', '--book', book, '--json'])) as { vixClose: number; openPnlUsd: number; breakEvenVolShiftPoints: number[]; grid: Array<{ spxMoveFraction: number; vixShiftPoints: number; hedgePnlUsd: number }> };
    expect(risk.vixClose).toBeLessThan(30);
    expect(risk.breakEvenVolShiftPoints.length).toBeGreaterThan(0);
    for (const x of [...risk.breakEvenVolShiftPoints, risk.openPnlUsd, ...risk.grid.map((c) => c.hedgePnlUsd)]) expect(Number.isFinite(x)).toBe(true);
    // The long call gains as VIX rises.
    const at = (v: number) => risk.grid.find((c) => c.spxMoveFraction === 0 && c.vixShiftPoints === v)!.hedgePnlUsd;
    expect(at(40)).toBeGreaterThan(at(10));
    expect(at(10)).toBeGreaterThan(0);
  });

  it('import is all or nothing and names the line and field of a bad row', async () => {
    const dir = tempDir();
    const book = join(dir, 'book.sqlite');
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'day,group,role,leg,underlying,type,strike,expiry,settlement,quantity,price\n2018-01-19,c,condor,shortPut,SPX,put,2700,2018-03-16,AM,-10,14.5\n2018-01-19,c,condor,longPut,SPX,put,abc,2018-03-16,AM,10,9.8\n');
    const r = await runCli(['book', 'import', file, '--book', book]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${file}:3: field 'strike': 'abc' is not a finite number`);
    const wrongSign = join(dir, 'sign.csv');
    writeFileSync(wrongSign, 'day,group,role,leg,underlying,type,strike,expiry,settlement,quantity,price\n2018-01-19,c,condor,shortPut,SPX,put,2700,2018-03-16,AM,-10,14.5\n2018-01-19,c,condor,longPut,SPX,put,2650,2018-03-16,AM,-10,9.8\n');
    const s = await runCli(['book', 'import', wrongSign, '--book', book]);
    expect(s.stderr).toContain(`${wrongSign}:3: c longPut: longPut needs a positive quantity`);
    expect(await ok(['book', 'list', '--book', book])).toMatch(/the book is empty/);
  });

  it('a condor with a missing leg is refused by the signal, naming what is missing', async () => {
    const book = join(tempDir(), 'book.sqlite');
    await ok(['book', 'add', '--book', book, '--group', 'c', '--role', 'condor', '--leg', 'shortPut', '--type', 'put', '--strike', '2700', '--expiry', '2018-03-16', '--quantity', '-10', '--price', '14.5', '--date', '2018-01-19']);
    const r = await runCli(['signal', '--date', '2018-02-05', '--book', book]);
    expect(r.stderr).toMatch(/condor c is missing longPut, shortCall, longCall/);
  });
});
