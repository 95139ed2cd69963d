/**
 * The API through Fastify's inject on the bundled real data: every route's answer checked against its
 * schema and against figures worked out by hand, and invalid requests refused with a 4xx and a reason.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, UserError } from '../cli/io.js';
import { runCli } from '../cli/testing.js';
import { loadMarketHistory } from '../data/loadHistory.js';
import { configHash } from '../book/bookService.js';
import { loadPreset } from '../data/presets.js';
import {
  BookPayoffResponseSchema,
  BookResponseSchema,
  BookSwitchResponseSchema,
  BookRiskResponseSchema,
  HealthResponseSchema,
  SignalResponseSchema,
  SignalsResponseSchema,
  StatusResponseSchema,
  TermStructureResponseSchema,
} from './schemas.js';
import { errorStatus } from './app.js';
import { testServer, type TestServer } from './testing.js';
import type { ValidationOutput } from './validationRun.js';

/** Money sums of a few positions agree to well under a cent. */
const USD_TOLERANCE = 1e-6;
/** A central difference over +-0.5 % of SPX against the model's delta, relative. */
const DELTA_FD_RELATIVE_TOLERANCE = 0.03;

const dataDir = mkdtempSync(join(tmpdir(), 'alvh-server-data-'));
const history = loadMarketHistory({ userDir: dataDir });
let server: TestServer;
const get = (url: string) => server.app.inject({ method: 'GET', url });

beforeAll(async () => {
  server = await testServer({ history });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('market routes', () => {
  it('health names the data version', async () => {
    const r = await get('/api/health');
    expect(r.statusCode).toBe(200);
    const body = HealthResponseSchema.parse(r.json());
    expect(body.dataVersion).toBe((await history).history.dataVersion);
  });

  it('status lists every series with its span and the last day of SPX', async () => {
    const body = StatusResponseSchema.parse((await get('/api/status')).json());
    const spx = body.series.find((s) => s.name === 'spx');
    expect(spx?.firstDate).toBe('1990-01-02');
    expect(body.lastDay).toBe(spx?.lastDate);
  });

  it('term structure on 2020-03-16: the curve inverted (backwardation), a week and a month earlier, two years of VIX/VIX3M', async () => {
    const r = await get('/api/term-structure?date=2020-03-16');
    expect(r.statusCode).toBe(200);
    const body = TermStructureResponseSchema.parse(r.json());
    expect(body.curves.map((c) => c.label)).toEqual(['today', '1 week ago', '1 month ago']);
    expect(body.curves.map((c) => c.day)).toEqual(['2020-03-16', '2020-03-09', '2020-02-14']);
    const today = body.curves[0]!;
    // VIX closed at 82.69 on 2020-03-16 (Cboe), far above its 3-month counterpart.
    expect(today.vixFamily.vix).toBe(82.69);
    expect(body.contango.vixToVix3m).toBeGreaterThan(1);
    expect(body.contango.frontToSecond).toBeLessThan(0);
    const [front, second] = today.futures;
    expect(body.contango.frontToSecond).toBeCloseTo((second!.settle - front!.settle) / front!.settle, 12);
    expect(body.vixToVix3mHistory.at(-1)).toEqual({ date: '2020-03-16', value: today.vixFamily.vix! / today.vixFamily.vix3m! });
    expect(body.vixToVix3mHistory[0]!.date > '2018-03-16').toBe(true);
    expect(body.vixToVix3mHistory.length).toBeGreaterThan(480);
    // As vixcentral: spot first (82.69), then the months, each front-month change against 2020-03-13.
    expect(body.previousDay).toBe('2020-03-13');
    expect(body.months[0]).toMatchObject({ label: 'VIX', level: 82.69 });
    expect(body.months.slice(1).map((m) => m.level)).toEqual(today.futures.map((f) => f.settle));
    expect(body.months[1]!.contangoFraction).toBeCloseTo(front!.settle / 82.69 - 1, 12);
  });

  it('signals over two months with SPX bars and events, one row per trading day', async () => {
    const r = await get('/api/signals?from=2024-01-01&to=2024-02-29');
    expect(r.statusCode).toBe(200);
    const body = SignalsResponseSchema.parse(r.json());
    expect(body.days.length).toBe(body.spx.length);
    expect(body.days.map((d) => d.date)).toEqual(body.spx.map((b) => b.date));
    expect(body.spx[0]!.date).toBe('2024-01-02');
    expect(body.events.some((e) => e.kind === 'fomc' && e.date === '2024-01-31')).toBe(true);
  });

  it('presets come with their configs', async () => {
    const body = (await get('/api/presets')).json() as { presets: Array<{ name: string; config: { name: string } }> };
    expect(body.presets.map((p) => p.name)).toContain('alvh-ladder');
    for (const p of body.presets) expect(p.config.name).toBe(p.name);
  });

  it('the strategy config\'s JSON Schema gives every field its default and bounds, strict at every level', async () => {
    const r = await get('/api/strategy-config/schema');
    expect(r.statusCode).toBe(200);
    type Node = { type?: string; default?: unknown; minimum?: number; maximum?: number; properties?: Record<string, Node>; additionalProperties?: unknown; required?: string[] };
    const { schema } = r.json() as { schema: Node };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['name']);
    const shortDelta = schema.properties?.ironCondor?.properties?.shortDelta;
    // METHODOLOGY 3: 16-delta shorts, allowed 0.15-0.20 (src/strategy/config.ts).
    expect(shortDelta).toMatchObject({ type: 'number', default: 0.16, minimum: 0.15, maximum: 0.2 });
    expect(schema.properties?.hedge?.properties?.hedgeRatioBand?.properties?.max).toMatchObject({ default: 1.2 });
    // Every object of the config refuses unknown fields, as the server does.
    const objects: Node[] = [];
    const walk = (n: Node) => {
      if (n.type === 'object' && n.properties) objects.push(n);
      for (const child of Object.values(n.properties ?? {})) walk(child);
    };
    walk(schema);
    expect(objects.length).toBeGreaterThan(10);
    for (const o of objects) expect(o.additionalProperties).toBe(false);
  });
});

describe('invalid requests get a 4xx with the reason', () => {
  const cases: Array<[string, string, number, RegExp]> = [
    ['an impossible date', '/api/term-structure?date=2020-02-30', 400, /date: is not a valid calendar date/],
    ['a date in another format', '/api/term-structure?date=16/03/2020', 400, /YYYY-MM-DD/],
    ['a weekend', '/api/term-structure?date=2020-03-14', 400, /date 2020-03-14 is a Saturday/],
    ['a holiday, by name', '/api/book/triggers?date=2018-01-15', 400, /date 2018-01-15 is not a trading day \(Martin Luther King Jr\. Day\)/],
    ['an unknown query field', '/api/term-structure?day=2020-03-16', 400, /unknown field\(s\) day/],
    ['a repeated query field', '/api/term-structure?date=2020-03-16&date=2020-03-17', 400, /query date/],
    ['more than three years of signals', '/api/signals?from=2010-01-01&to=2020-01-01', 400, /spans 3652 calendar days; at most 1098/],
    ['from after to', '/api/signals?from=2020-01-01&to=2019-01-01', 400, /after/],
    ['an unknown preset', '/api/book?preset=no-such-preset', 400, /preset 'no-such-preset' is unknown/],
    ['a preset name that is a path', '/api/book?preset=..%2F..%2Fetc%2Fpasswd', 400, /must be a preset name/],
    ['an unknown backtest', '/api/backtests/0f549558-733d-44fc-9c05-b0d6c9376af9', 404, /no backtest with id/],
    ['a malformed backtest id', '/api/backtests/NOT_AN_ID', 400, /path id: must be a job id/],
    ['an unknown API route', '/api/nothing-here', 404, /no route GET \/api\/nothing-here/],
    ['a risk grid of an empty book', '/api/book/risk', 404, /the book is empty/],
  ];
  it('a book another command changed after the request read it is a 409 Conflict, any other user error a 400', () => {
    // The race is driven end to end in src/cli/commands/bookSwitch.test.ts, where the refusal is a
    // ConflictError; here, the status each kind of error is answered with.
    const refusal = "the book's latest state (#2, 2018-01-19) was made under 'alvh-taper' by another command after this one read the book under 'alvh-ladder'";
    expect(errorStatus(new ConflictError(refusal))).toEqual({ status: 409, message: refusal });
    expect(errorStatus(new UserError('preset x is unknown'))).toEqual({ status: 400, message: 'preset x is unknown' });
  });

  it.each(cases)('%s', async (_what, url, status, reason) => {
    const r = await get(url);
    expect(r.statusCode).toBe(status);
    expect((r.json() as { error: string }).error).toMatch(reason);
  });

  const bodies: Array<[string, string, number, RegExp]> = [
    ['no presets', '{"from":"2018-01-01"}', 400, /body presets: name a preset in presets or give a config in configs/],
    ['an unknown preset', '{"presets":["nope"],"from":"2018-01-01"}', 400, /preset 'nope' is unknown/],
    ['a bad date', '{"presets":["alvh-ladder"],"from":"2018-1-1"}', 400, /body from: must be a date/],
    ['to before from', '{"presets":["alvh-ladder"],"from":"2018-06-01","to":"2018-01-01"}', 400, /must be before/],
    ['a start after the data', '{"presets":["alvh-ladder"],"from":"2099-01-01"}', 400, /body from 2099-01-01: no trading days between 2099-01-01 and \d{4}-\d\d-\d\d \(the run ends at/],
    // SPX data runs past the last VIX futures settlement: a hedged preset cannot start in between.
    ['a start after the hedge\'s data', '{"presets":["alvh-ladder"],"from":"2026-05-01"}', 400, /no trading days between 2026-05-01 and .*the last day with VIX futures settlements/],
    ['a span of one trading day', '{"presets":["unhedged"],"from":"2019-01-01","to":"2019-01-02"}', 400, /only one trading day, 2019-01-02/],
    ['a file path among the fields', '{"presets":["alvh-ladder"],"from":"2018-01-01","out":"/etc"}', 400, /unknown field\(s\) out/],
    ['broken JSON', '{"presets":', 400, /not valid JSON/],
    ['a body over the limit', JSON.stringify({ presets: ['alvh-ladder'], from: '2018-01-01', pad: 'x'.repeat(20_000) }), 413, /too large/i],
  ];
  it.each(bodies)('POST /api/backtests with %s', async (_what, payload, status, reason) => {
    const r = await server.app.inject({ method: 'POST', url: '/api/backtests', headers: { 'content-type': 'application/json' }, payload });
    expect(r.statusCode).toBe(status);
    expect((r.json() as { error: string }).error).toMatch(reason);
  });
});

describe('the book on real data: a condor imported on 2018-01-19, seen on 2018-02-05', () => {
  beforeAll(async () => {
    const r = await runCli(['book', 'import', 'test/fixtures/book/condor-2018-01-19.csv', '--book', server.bookPath]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('an empty book before the import is reported as empty, not as an error', async () => {
    const other = await testServer({ history });
    try {
      const empty = BookResponseSchema.parse((await other.app.inject({ method: 'GET', url: '/api/book' })).json());
      // An empty book follows the default preset, and no state was made under any config yet.
      expect(empty).toEqual({ date: null, stateId: null, bookDay: null, positions: [], holdings: [], greeks: null, strategy: { name: 'alvh-ladder', source: 'bundled preset', configSha256: configHash(loadPreset('alvh-ladder')), description: loadPreset('alvh-ladder').description, stateConfigSha256: null, stateStrategy: null } });
    } finally {
      await other.close();
    }
  });

  it('positions are marked, their open P&L adds up to the risk grid\'s, and the delta matches a finite difference of the payoff', async () => {
    const book = BookResponseSchema.parse((await get('/api/book?date=2018-02-05')).json());
    expect(book.positions.map((p) => p.leg).sort()).toEqual(['longCall', 'longPut', 'shortCall', 'shortPut']);
    for (const p of book.positions) {
      expect(p.multiplierUsd).toBe(100);
      expect(p.dteDays).toBe(39);
      expect(p.openPnlUsd).toBeCloseTo(p.quantity * (p.markPricePoints - p.entryPricePoints) * 100, 9);
    }
    const risk = BookRiskResponseSchema.parse((await get('/api/book/risk?date=2018-02-05')).json());
    const openPnl = book.positions.reduce((s, p) => s + p.openPnlUsd, 0);
    expect(Math.abs(openPnl - risk.openPnlUsd)).toBeLessThan(USD_TOLERANCE);
    // A condor alone: no hedge exposure, so the hedge ratio is zero against the condors' VIX exposure.
    expect(book.greeks?.openCondors).toBe(1);
    expect(book.greeks?.hedgeLayers).toBe(0);
    expect(book.greeks?.hedgeRatio).toBe(0);
    expect(book.greeks?.condorUsdPerVixPoint).toBeLessThan(0);

    const payoff = BookPayoffResponseSchema.parse((await get('/api/book/payoff?date=2018-02-05')).json());
    const unchanged = payoff.curves.find((c) => c.vixShiftPoints === 0)!;
    const i = payoff.spxLevels.findIndex((s) => Math.abs(s / payoff.spxClose - 1) < 1e-9);
    expect(i).toBeGreaterThan(0);
    expect(Math.abs(unchanged.todayPnlUsd[i]! - risk.openPnlUsd)).toBeLessThan(USD_TOLERANCE);
    const h = payoff.spxLevels[i + 1]! - payoff.spxLevels[i]!;
    const fdDelta = (unchanged.todayPnlUsd[i + 1]! - unchanged.todayPnlUsd[i - 1]!) / (2 * h);
    expect(Math.abs(fdDelta / book.greeks!.spxDeltaUsdPerPoint - 1)).toBeLessThan(DELTA_FD_RELATIVE_TOLERANCE);
  });

  it('the payoff at expiry is the condor\'s: the 8.80-point credit inside the short strikes, the 50-point wing less it beyond', async () => {
    const payoff = BookPayoffResponseSchema.parse((await get('/api/book/payoff?date=2018-02-05')).json());
    expect(payoff.expiry).toBe('2018-03-16');
    // Credit 14.50 - 9.80 + 6.20 - 2.10 = 8.80 points on 10 condors of 100 USD per point.
    const maxProfitUsd = 8.8 * 10 * 100;
    const maxLossUsd = -(50 - 8.8) * 10 * 100;
    payoff.spxLevels.forEach((level, k) => {
      const pnl = payoff.expiryPnlUsd[k]!;
      if (level >= 2700 && level <= 2880) expect(pnl).toBeCloseTo(maxProfitUsd, 6);
      if (level <= 2650 || level >= 2930) expect(pnl).toBeCloseTo(maxLossUsd, 6);
    });
    expect(payoff.spxLevels.some((l) => l <= 2650)).toBe(true);
    // VIX down as well as up: a calmer market is a scenario too.
    expect(payoff.curves.map((c) => c.vixShiftPoints)).toEqual([-5, 0, 10, 20, 40]);
  });

  it('the date slider\'s curves run from today\'s VIX-unchanged curve to the expiry payoff, within the condor\'s bounds between them', async () => {
    const payoff = BookPayoffResponseSchema.parse((await get('/api/book/payoff?date=2018-02-05')).json());
    // A condor alone: its four legs expire on 2018-03-16, 39 calendar days after 2018-02-05.
    expect(payoff.lastExpiry).toBe('2018-03-16');
    const first = payoff.dateCurves[0]!;
    const last = payoff.dateCurves[payoff.dateCurves.length - 1]!;
    expect(first).toMatchObject({ date: '2018-02-05', daysFromToday: 0 });
    expect(last).toMatchObject({ date: '2018-03-16', daysFromToday: 39 });
    // 31 steps over 39 days, rounded to whole days, none repeated, ascending.
    expect(payoff.dateCurves).toHaveLength(31);
    const days = payoff.dateCurves.map((c) => c.daysFromToday);
    expect([...days].sort((a, b) => a - b)).toEqual(days);
    expect(new Set(days).size).toBe(days.length);
    // Today it is the scenario repricing at VIX unchanged; at the expiry the condor settles at intrinsic value.
    const unchanged = payoff.curves.find((c) => c.vixShiftPoints === 0)!;
    first.pnlUsd.forEach((pnl, k) => expect(Math.abs(pnl - unchanged.todayPnlUsd[k]!)).toBeLessThan(USD_TOLERANCE));
    last.pnlUsd.forEach((pnl, k) => expect(Math.abs(pnl - payoff.expiryPnlUsd[k]!)).toBeLessThan(USD_TOLERANCE));
    // A condor costs something to buy back before its expiry: no date beats keeping the whole credit
    // (8.80 points on 10 condors), nor loses more than the wing less the credit.
    const maxProfitUsd = 8.8 * 10 * 100;
    const maxLossUsd = -(50 - 8.8) * 10 * 100;
    for (const curve of payoff.dateCurves) for (const pnl of curve.pnlUsd) expect(pnl).toBeLessThanOrEqual(maxProfitUsd + USD_TOLERANCE);
    for (const curve of payoff.dateCurves) for (const pnl of curve.pnlUsd) expect(pnl).toBeGreaterThanOrEqual(maxLossUsd - USD_TOLERANCE);
    // Halfway, the curve is neither today's nor the expiry's.
    const middle = payoff.dateCurves[15]!;
    expect(middle.pnlUsd.some((pnl, k) => Math.abs(pnl - first.pnlUsd[k]!) > 100)).toBe(true);
    expect(middle.pnlUsd.some((pnl, k) => Math.abs(pnl - last.pnlUsd[k]!) > 100)).toBe(true);
  });

  it('the signal is what alvh signal --json prints, and a second ask reproduces it from the journal', async () => {
    const issue = () => server.app.inject({ method: 'POST', url: '/api/signal', payload: { date: '2018-02-05' } });
    const first = SignalResponseSchema.parse((await issue()).json());
    expect(first.journal).toBe('new');
    expect(first.signal.market?.vixClose).toBe(37.32);
    expect(first.signal.decisions.some((d) => d.action === 'add-layer')).toBe(true);
    const second = SignalResponseSchema.parse((await issue()).json());
    expect(second.journal).toBe('reproduced');
    expect(second.signal).toEqual(first.signal);
    const cli = await runCli(['signal', '--date', '2018-02-05', '--book', server.bookPath, '--json']);
    expect((JSON.parse(cli.stdout) as { signal: unknown }).signal).toEqual(first.signal);
    // The day's model calibration as the terminal's JSON gives it: VIX 37.32 among the four VIX-family targets.
    expect(first.modelCalibration?.tenors.map((t) => t.index)).toEqual(['VIX9D', 'VIX', 'VIX3M', 'VIX6M']);
    expect(first.modelCalibration?.tenors[1]?.targetPercent).toBeCloseTo(37.32, 9);
    // A day past the VIX futures the hedged preset needs: refused, naming the series that ends the data.
    const late = await server.app.inject({ method: 'POST', url: '/api/signal', payload: { date: '2026-08-21' } });
    expect(late.statusCode).toBe(400);
    expect(late.body).toMatch(/date 2026-08-21: the data the strategy needs ends on \d{4}-\d{2}-\d{2} \(the last day with VIX futures settlements; SPX data runs to 2026-08-21; run alvh data update\)/);
    // A weekend: refused as the CLI refuses it (the same check), naming the request's field and the trading day before.
    const weekend = await server.app.inject({ method: 'POST', url: '/api/signal', payload: { date: '2018-02-03' } });
    expect(weekend.statusCode).toBe(400);
    expect(weekend.json()).toMatchObject({ error: expect.stringMatching(/^date 2018-02-03 is a Saturday; the trading day before is 2018-02-02$/) as unknown });
    expect((JSON.parse(cli.stdout) as { modelCalibration: unknown }).modelCalibration).toEqual(first.modelCalibration);
  });

  it('a restarted server reads the same book from its file', async () => {
    const before = (await get('/api/book?date=2018-02-05')).json();
    const restarted = await testServer({ history, dir: server.dir });
    try {
      expect((await restarted.app.inject({ method: 'GET', url: '/api/book?date=2018-02-05' })).json()).toEqual(before);
    } finally {
      await restarted.close();
    }
  });
});

describe("a book with layer 1's VIX-futures fund (alvh-methodology), on real data", () => {
  // The signal of 2019-06-03 .. 2019-06-10 accepted day by day: on 2019-06-10 layer 1 goes on and its
  // fund with it, 121.7035 units at 100.05 (25 % of the target exposure, 285 USD per VIX point); the
  // signal prints the book's hedge ratio after the day's actions.
  const days = ['2019-06-03', '2019-06-04', '2019-06-05', '2019-06-06', '2019-06-07', '2019-06-10'];
  let other: TestServer;
  let lastSignal = '';
  beforeAll(async () => {
    other = await testServer({ history });
    for (const date of days) {
      const signal = await runCli(['signal', '--preset', 'alvh-methodology', '--date', date, '--book', other.bookPath]);
      expect(signal.code, signal.stderr).toBe(0);
      lastSignal = signal.stdout;
      const accept = await runCli(['book', 'accept', '--preset', 'alvh-methodology', '--date', date, '--book', other.bookPath]);
      expect(accept.code, accept.stderr).toBe(0);
    }
  }, 120_000);
  afterAll(async () => {
    await other.close();
  });

  it('the book page counts the fund as the signal does: its value, its VIX exposure and the hedge ratio', async () => {
    expect(lastSignal).toContain("layer 1's fund");
    // No preset named: the page reads the book under the strategy it follows (it used to refuse: "the
    // book follows the 'alvh-methodology' strategy, not 'alvh-ladder'").
    const book = BookResponseSchema.parse((await other.app.inject({ method: 'GET', url: '/api/book?date=2019-06-10' })).json());
    expect(book.holdings).toHaveLength(1);
    const fund = book.holdings[0]!;
    expect(fund.index).toBe('VIX-ST-FUTURES');
    expect(fund.units).toBeCloseTo(121.7035, 4);
    expect(fund.levelDate).toBe('2019-06-10');
    expect(fund.vixExposureUsdPerPoint).toBeCloseTo(285.1, 1);
    // One hedge layer, as the signal counts it: the fund is part of layer 1, not a layer of its own.
    expect(lastSignal).toContain('1 hedge layer(s)');
    expect(book.greeks?.hedgeLayers).toBe(1);
    const signalRatio = Number(/hedge ratio (\d+\.\d+)/.exec(lastSignal)?.[1]);
    expect(book.greeks?.hedgeRatio).toBeCloseTo(signalRatio, 3);
    // Four days later the fund's price has been stepped through every trading day since.
    const later = BookResponseSchema.parse((await other.app.inject({ method: 'GET', url: '/api/book?date=2019-06-14&preset=alvh-methodology' })).json());
    expect(later.holdings[0]!.levelDate).toBe('2019-06-14');
    expect(later.holdings[0]!.levelPoints).not.toBe(100);
    // `alvh book list` values the book the same way: the fund in its rows and in its equity.
    const list = await runCli(['book', 'list', '--preset', 'alvh-methodology', '--date', '2019-06-14', '--json', '--book', other.bookPath]);
    expect(list.code, list.stderr).toBe(0);
    const listed = JSON.parse(list.stdout) as { equityUsd: number; holdings: Array<{ index: string; valueUsd: number }> };
    expect(listed.holdings.map((h) => h.index)).toEqual(['VIX-ST-FUTURES']);
    expect(Math.abs(listed.equityUsd - later.greeks!.equityUsd)).toBeLessThan(USD_TOLERANCE);
    // The signal of 2019-06-14, with 06-11..06-13 never accepted, starts from the fund stepped through
    // those days as the page steps it: with no trade that day, its book after the actions is the page's
    // (it stepped the fund once from 06-10 to 06-14 before, and was 31 USD short).
    const signal14 = await runCli(['signal', '--preset', 'alvh-methodology', '--date', '2019-06-14', '--json', '--book', other.bookPath]);
    expect(signal14.code, signal14.stderr).toBe(0);
    const issued = JSON.parse(signal14.stdout) as { book: { unsteppedTradingDays: number }; signal: { trades: unknown[]; greeksAfter: { equityUsd: number; hedgeUsdPerVixPoint: number } } };
    expect(issued.book.unsteppedTradingDays).toBe(3);
    expect(issued.signal.trades).toEqual([]);
    expect(Math.abs(issued.signal.greeksAfter.equityUsd - later.greeks!.equityUsd)).toBeLessThan(USD_TOLERANCE);
    expect(Math.abs(issued.signal.greeksAfter.hedgeUsdPerVixPoint - later.greeks!.hedgeUsdPerVixPoint)).toBeLessThan(USD_TOLERANCE);
    // The risk grid's hedge column carries the fund: VIX +10 gains at least its 10 x 285 USD on top of the calls'.
    const risk = BookRiskResponseSchema.parse((await other.app.inject({ method: 'GET', url: '/api/book/risk?date=2019-06-10&preset=alvh-methodology' })).json());
    const cell = risk.grid.find((c) => c.spxMoveFraction === 0 && c.vixShiftPoints === 10)!;
    expect(cell.hedgePnlUsd).toBeGreaterThan(10 * fund.vixExposureUsdPerPoint);
  });
});

describe('a book that follows a strategy config file (alvh serve --strategy-config), on real data', () => {
  // A sweep variant's kind of config: alvh-ladder with its hedge calls at 0.5 delta, under a name of its own.
  const preset = loadPreset('alvh-ladder');
  const strategy = { ...preset, name: 'my-ladder', hedge: { ...preset.hedge, hedgeCallDelta: 0.5 } };
  let followed: TestServer;
  let configFile = '';
  beforeAll(async () => {
    followed = await testServer({ history, strategy });
    configFile = join(followed.dir, 'my-ladder.json');
    writeFileSync(configFile, JSON.stringify(strategy));
    const accept = await runCli(['book', 'accept', '--config', configFile, '--date', '2018-02-05', '--book', followed.bookPath]);
    expect(accept.code, accept.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await followed.close();
  });

  it("hands a book that follows a preset to the server's strategy, or to a preset, as alvh book switch does", async () => {
    const switching = await testServer({ history, strategy });
    const plain = await testServer({ history });
    try {
      const imported = await runCli(['book', 'import', 'test/fixtures/book/condor-2018-01-19.csv', '--book', switching.bookPath]);
      expect(imported.code, imported.stderr).toBe(0);
      // Until it is switched, the pages refuse the book under the server's strategy and say how.
      const refused = await switching.app.inject({ method: 'GET', url: '/api/book?date=2018-01-22' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain("to hand the book's positions to 'my-ladder', alvh book switch --config FILE");
      expect((await switching.app.inject({ method: 'GET', url: '/api/presets' })).json()).toMatchObject({ serverStrategy: { name: 'my-ladder', configSha256: configHash(strategy), description: strategy.description } });
      const switched = await switching.app.inject({ method: 'POST', url: '/api/book/switch', payload: {} });
      expect(switched.statusCode, switched.body).toBe(200);
      expect(BookSwitchResponseSchema.parse(switched.json())).toEqual({
        stateId: 2,
        date: '2018-01-19',
        from: { name: 'alvh-ladder', configSha256: configHash(loadPreset('alvh-ladder')) },
        to: { name: 'my-ladder', source: 'config file', configSha256: configHash(strategy), description: strategy.description },
        // The one rule the server's config sets otherwise than the preset's (the name is no rule).
        rulesThatChange: { differences: [{ field: 'hedge.hedgeCallDelta', was: String(preset.hedge.hedgeCallDelta), now: '0.5' }] },
      });
      const book = BookResponseSchema.parse((await switching.app.inject({ method: 'GET', url: '/api/book?date=2018-01-22' })).json());
      expect(book.strategy).toMatchObject({ name: 'my-ladder', stateConfigSha256: configHash(strategy) });
      expect(book.positions.map((p) => p.id)).toEqual(['condor-a.shortPut.1', 'condor-a.longPut.2', 'condor-a.shortCall.3', 'condor-a.longCall.4']);
      const again = await switching.app.inject({ method: 'POST', url: '/api/book/switch', payload: {} });
      expect(again.statusCode).toBe(400);
      expect(again.body).toContain("the book already follows 'my-ladder' with this config");
      for (const [payload, reason] of [
        [{ preset: 'no-such-preset' }, "preset 'no-such-preset' is unknown"],
        [{ preset: 'alvh-ladder', date: '2018-01-22' }, 'date'],
      ] as const) {
        const bad = await switching.app.inject({ method: 'POST', url: '/api/book/switch', payload });
        expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
        expect(bad.body).toContain(reason);
      }
      // A day accepted under the server's strategy, then the book back to the preset, named in the body.
      const accepted = await switching.app.inject({ method: 'POST', url: '/api/book/accept', payload: { date: '2018-01-22' } });
      expect(accepted.statusCode, accepted.body).toBe(200);
      const back = await switching.app.inject({ method: 'POST', url: '/api/book/switch', payload: { preset: 'alvh-ladder' } });
      expect(back.statusCode, back.body).toBe(200);
      expect(back.json()).toMatchObject({ stateId: 4, date: '2018-01-22', from: { name: 'my-ladder' }, to: { name: 'alvh-ladder', source: 'bundled preset' }, rulesThatChange: { differences: [{ field: 'hedge.hedgeCallDelta', was: '0.5', now: String(preset.hedge.hedgeCallDelta) }] } });
      // A server without a strategy config needs the preset named.
      copyFileSync(switching.bookPath, plain.bookPath);
      // The accepted day, asked for again, replays under the config the book kept for it, not the preset it follows now.
      const replayed = await plain.app.inject({ method: 'POST', url: '/api/signal', payload: { date: '2018-01-22' } });
      expect(replayed.statusCode, replayed.body).toBe(200);
      const replay = SignalResponseSchema.parse(replayed.json());
      expect(replay.strategy).toEqual({ name: 'my-ladder', source: 'config kept in the book', configSha256: configHash(strategy), description: strategy.description, bookNowFollows: 'alvh-ladder' });
      expect(replay.journal).toBe('reproduced');
      const unnamed = await plain.app.inject({ method: 'POST', url: '/api/book/switch', payload: {} });
      expect(unnamed.statusCode).toBe(400);
      expect(unnamed.json()).toMatchObject({ error: 'body preset: name the preset to switch the book to (this server was started without --strategy-config)' });
    } finally {
      await switching.close();
      await plain.close();
    }
  });

  it("the signal and book pages follow the server's strategy, else the config the book kept; an older book without it says how to start one", async () => {
    const signal = SignalResponseSchema.parse((await followed.app.inject({ method: 'POST', url: '/api/signal', payload: { date: '2018-02-06' } })).json());
    expect(signal.signal.preset).toBe('my-ladder');
    // The terminal's signal from the same file is the page's.
    const cli = await runCli(['signal', '--config', configFile, '--date', '2018-02-06', '--book', followed.bookPath, '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    expect((JSON.parse(cli.stdout) as { signal: unknown }).signal).toEqual(signal.signal);
    expect((await followed.app.inject({ method: 'GET', url: '/api/book?date=2018-02-06' })).statusCode).toBe(200);
    // A request naming a preset the book does not follow is refused with the reason.
    const named = await followed.app.inject({ method: 'GET', url: '/api/book?date=2018-02-06&preset=alvh-ladder' });
    expect(named.statusCode).toBe(400);
    expect(named.body).toContain("the book follows the 'my-ladder' strategy, not 'alvh-ladder'");
    const plain = await testServer({ history, dir: mkdtempSync(join(tmpdir(), 'alvh-server-plain-')) });
    try {
      copyFileSync(followed.bookPath, plain.bookPath);
      // The book kept the config its states were made under: a server without the file follows it.
      const kept = await plain.app.inject({ method: 'GET', url: '/api/book?date=2018-02-06' });
      expect(kept.statusCode, kept.body).toBe(200);
      const viaFile = (await followed.app.inject({ method: 'GET', url: '/api/book?date=2018-02-06' })).json() as { strategy: Record<string, unknown> };
      const { strategy: keptStrategy, ...keptBook } = kept.json() as { strategy: Record<string, unknown> };
      const { strategy: fileStrategy, ...fileBook } = viaFile;
      expect(keptBook).toEqual(fileBook);
      // Each says where its strategy came from; the same config either way, and the state's own.
      expect(fileStrategy).toMatchObject({ name: 'my-ladder', source: 'config file' });
      expect(keptStrategy).toEqual({ ...fileStrategy, source: 'config kept in the book' });
      expect(keptStrategy.stateConfigSha256).toBe(keptStrategy.configSha256);
      // A book from before alvh kept configs has only the name: the reason names the flag.
      const raw = new Database(plain.bookPath);
      raw.exec('DELETE FROM strategy_configs');
      raw.close();
      const refused = await plain.app.inject({ method: 'GET', url: '/api/book?date=2018-02-06' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ error: "the book follows the 'my-ladder' strategy, which is not a bundled preset and whose config the book did not keep: pass --config with the file of the 'my-ladder' strategy (the dashboard: alvh serve --strategy-config FILE)" });
    } finally {
      await plain.close();
    }
  });
});

describe('validation', () => {
  it('idle until asked, 202 running once started, the report once it is there, and never started twice', async () => {
    let runs = 0;
    let finish: (output: ValidationOutput) => void = () => undefined;
    const v = await testServer({
      history,
      validation: () => {
        runs++;
        return new Promise((resolve) => (finish = resolve));
      },
    });
    try {
      expect((await v.app.inject({ method: 'GET', url: '/api/validation' })).json()).toEqual({ status: 'idle' });
      const first = await v.app.inject({ method: 'POST', url: '/api/validation' });
      expect(first.statusCode).toBe(202);
      expect((first.json() as { status: string }).status).toBe('running');
      expect((await v.app.inject({ method: 'POST', url: '/api/validation' })).statusCode).toBe(202);
      expect((await v.app.inject({ method: 'GET', url: '/api/validation' })).statusCode).toBe(202);
      finish({ report: { title: 'alvh validation', sections: [{ id: 'vix-model' }] }, charts: [{ sectionId: 'vix-model', id: 'iv-by-tenor', title: 'IV error by tenor', svg: '<svg/>' }] });
      await new Promise((r) => setImmediate(r));
      const ready = await v.app.inject({ method: 'GET', url: '/api/validation' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', report: { title: 'alvh validation', sections: [{ id: 'vix-model' }] }, charts: [{ sectionId: 'vix-model', id: 'iv-by-tenor', title: 'IV error by tenor', svg: '<svg/>' }] });
      expect(runs).toBe(1);
      // No query names a file: the report's folder is the server's.
      const withPath = await v.app.inject({ method: 'GET', url: '/api/validation?out=/etc' });
      expect(withPath.statusCode).toBe(400);
      expect((withPath.json() as { error: string }).error).toMatch(/takes no query parameters/);
    } finally {
      await v.close();
    }
  });

  it('POST /api/validation with acrossModels asks the producer for the exam on every bundled model; a body naming files is refused', async () => {
    const asked: unknown[] = [];
    const v = await testServer({
      history,
      validation: (request) => {
        asked.push(request);
        return Promise.resolve({ report: { sections: [] }, charts: [] });
      },
    });
    try {
      const started = await v.app.inject({ method: 'POST', url: '/api/validation', payload: { acrossModels: true } });
      expect(started.statusCode).toBe(202);
      expect(started.json()).toMatchObject({ status: 'running', acrossModels: true });
      await new Promise((r) => setImmediate(r));
      for (const payload of [{ acrossModels: ['presets/model/skew-off.json'] }, { acrossModels: true, out: '/etc' }]) {
        const refused = await v.app.inject({ method: 'POST', url: '/api/validation', payload });
        expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
      }
      const plain = await v.app.inject({ method: 'POST', url: '/api/validation' });
      expect(plain.json()).toMatchObject({ status: 'running', acrossModels: false });
      await new Promise((r) => setImmediate(r));
      // The refused bodies started nothing.
      expect(asked).toEqual([{ acrossModels: true }, { acrossModels: false }]);
    } finally {
      await v.close();
    }
  });
});

describe('a token set by the user', () => {
  it('every API request needs it as a bearer token; the OpenAPI description too', async () => {
    const t = await testServer({ history, token: 'a-long-enough-test-token' });
    try {
      for (const url of ['/api/health', '/api/openapi.json', '/api/backtests/0f549558-733d-44fc-9c05-b0d6c9376af9/events']) {
        const r = await t.app.inject({ method: 'GET', url });
        expect(r.statusCode, url).toBe(401);
      }
      const denied = await t.app.inject({ method: 'POST', url: '/api/backtests', payload: { presets: ['alvh-ladder'], from: '2018-01-01' } });
      expect(denied.statusCode).toBe(401);
      expect(t.jobs.runningCount).toBe(0);
      const ok = await t.app.inject({ method: 'GET', url: '/api/health', headers: { authorization: 'Bearer a-long-enough-test-token' } });
      expect(ok.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('without a token, a request whose Host is not the loopback is refused (DNS rebinding)', async () => {
    const r = await server.app.inject({ method: 'GET', url: '/api/health', headers: { host: 'attacker.example:4317' } });
    expect(r.statusCode).toBe(403);
    expect((r.json() as { error: string }).error).toMatch(/not this machine's loopback/);
  });
});

describe('OpenAPI and the page shell', () => {
  it('describes every route with its parameters and schemas', async () => {
    const doc = (await get('/api/openapi.json')).json() as { openapi: string; paths: Record<string, Record<string, { parameters: Array<{ name: string }>; requestBody?: unknown }>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/api/health', '/api/status', '/api/signal', '/api/book', '/api/book/risk', '/api/book/payoff', '/api/term-structure', '/api/signals', '/api/presets', '/api/backtests', '/api/backtests/{id}', '/api/backtests/{id}/events', '/api/backtests/{id}/decisions', '/api/validation']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/signals']!.get!.parameters.map((p) => p.name).sort()).toEqual(['from', 'to']);
    expect(doc.paths['/api/backtests']!.post!.requestBody).toBeDefined();
    expect(Object.keys(doc.paths['/api/backtests/{id}']!).sort()).toEqual(['delete', 'get']);
  });

  it('says how to build the web app when it is not built', async () => {
    const r = await get('/');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.body).toMatch(/npm install/);
  });
});
