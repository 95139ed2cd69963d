/**
 * `alvh serve --model-config FILE`: the dashboard's signal prices on the model it was started with and
 * says which, as `alvh signal --model-config` does; without one, the defaults.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadMarketHistory } from '../data/loadHistory.js';
import { modelConfigOption } from '../cli/modelConfigOption.js';
import { BacktestResultResponseSchema, SignalResponseSchema } from './schemas.js';
import { parseEventStream } from './testing.js';
import { testServer, type TestServer } from './testing.js';
import { runCli } from '../cli/testing.js';

const history = loadMarketHistory();
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function serverOn(model?: ReturnType<typeof modelConfigOption>) {
  const server = await testServer({ history, ...(model === undefined ? {} : { model }) });
  servers.push(server);
  return server;
}

async function signalOn(model?: ReturnType<typeof modelConfigOption>) {
  const server = await serverOn(model);
  const r = await server.app.inject({ method: 'POST', url: '/api/signal', payload: { date: '2017-04-11' } });
  expect(r.statusCode, r.body).toBe(200);
  return SignalResponseSchema.parse(r.json());
}

describe('the dashboard on a market model', () => {
  it('prices the signal on the model it was started with, and names it', async () => {
    const onDefaults = await signalOn();
    const onFixedSmile = await signalOn(modelConfigOption('presets/model/skew-off.json'));
    expect(onDefaults.marketModel).toEqual({ source: 'defaults', changes: [] });
    expect(onFixedSmile.marketModel).toEqual({ source: 'presets/model/skew-off.json', changes: ['spx.skewCalibration: "off"'] });
    // An empty book on a day the entry rules fire (RSAi, 2017-04-11): the new condor's strikes and credit come from the smile.
    const condorPrices = (s: typeof onDefaults) => s.signal.trades.filter((t) => t.role === 'condor').map((t) => t.modelPricePoints);
    expect(condorPrices(onDefaults).length).toBeGreaterThan(0);
    expect(condorPrices(onFixedSmile)).not.toEqual(condorPrices(onDefaults));
  }, 120_000);

  it('answers acrossModels with the signal on every other bundled model, each what the dashboard started on it gives', async () => {
    const server = await serverOn(modelConfigOption('presets/model/skew-off.json'));
    const r = await server.app.inject({ method: 'POST', url: '/api/signal', payload: { date: '2017-04-11', acrossModels: true } });
    expect(r.statusCode, r.body).toBe(200);
    const across = SignalResponseSchema.parse(r.json());
    // The bundled files but the server's own model, in file order.
    expect(across.acrossModels?.map((o) => o.model)).toEqual(['exchange-tick.json', 'put-wing-smile.json', 'skew-relative.json', 'vix-options-0.8x.json', 'vix-options-1.2x.json'].map((f) => `presets/model/${f}`));
    const onPutWing = await signalOn(modelConfigOption('presets/model/put-wing-smile.json'));
    expect(across.acrossModels?.[1]?.trades).toEqual(onPutWing.signal.trades);
    // Without the field, no comparison; and a request cannot name a file.
    const plain = await server.app.inject({ method: 'POST', url: '/api/signal', payload: { date: '2017-04-11' } });
    expect(SignalResponseSchema.parse(plain.json()).acrossModels).toBeUndefined();
    const named = await server.app.inject({ method: 'POST', url: '/api/signal', payload: { date: '2017-04-11', acrossModels: ['/etc/passwd'] } });
    expect(named.statusCode).toBe(400);
  }, 120_000);

  it("runs the dashboard's backtests on that model, and the result names it", async () => {
    const backtestOn = async (model?: ReturnType<typeof modelConfigOption>) => {
      const server = await serverOn(model);
      const created = await server.app.inject({ method: 'POST', url: '/api/backtests', payload: { presets: ['unhedged'], from: '2018-01-02', to: '2018-03-29' } });
      expect(created.statusCode, created.body).toBe(202);
      const { id } = created.json() as { id: string };
      const stream = parseEventStream((await server.app.inject({ method: 'GET', url: `/api/backtests/${id}/events` })).body);
      expect(stream.at(-1)?.event).toBe('done');
      return BacktestResultResponseSchema.parse((await server.app.inject({ method: 'GET', url: `/api/backtests/${id}` })).json());
    };
    const onDefaults = await backtestOn();
    const onFixedSmile = await backtestOn(modelConfigOption('presets/model/skew-off.json'));
    expect(onDefaults.marketModel).toEqual({ source: 'defaults', changes: [] });
    expect(onFixedSmile.marketModel).toEqual({ source: 'presets/model/skew-off.json', changes: ['spx.skewCalibration: "off"'] });
    const endEquity = (r: typeof onDefaults) => r.summaries[0]?.metrics.endEquity;
    expect(endEquity(onDefaults)).toBeTypeOf('number');
    expect(endEquity(onFixedSmile)).not.toBe(endEquity(onDefaults));
  }, 180_000);

  it('runs a backtest with acrossModels on every other bundled model, each column what a dashboard on that model runs', async () => {
    const server = await serverOn();
    const runBacktest = async (target: TestServer, payload: Record<string, unknown>) => {
      const created = await target.app.inject({ method: 'POST', url: '/api/backtests', payload: { presets: ['alvh-ladder', 'unhedged'], from: '2018-01-02', to: '2018-03-29', ...payload } });
      expect(created.statusCode, created.body).toBe(202);
      const { id } = created.json() as { id: string };
      const stream = parseEventStream((await target.app.inject({ method: 'GET', url: `/api/backtests/${id}/events` })).body);
      expect(stream.at(-1)?.event).toBe('done');
      return { stream, result: BacktestResultResponseSchema.parse((await target.app.inject({ method: 'GET', url: `/api/backtests/${id}` })).json()) };
    };
    const { stream, result } = await runBacktest(server, { acrossModels: true });
    const across = result.acrossModels;
    const bundled = ['exchange-tick.json', 'put-wing-smile.json', 'skew-off.json', 'skew-relative.json', 'vix-options-0.8x.json', 'vix-options-1.2x.json'].map((f) => `presets/model/${f}`);
    // The server's own model first, then every bundled file (the defaults have no file of their own).
    expect(across?.runs.map((r) => r.model)).toEqual(['defaults', ...bundled]);
    // Each other model streamed its progress to its last day.
    for (const file of ['exchange-tick.json', 'skew-off.json']) expect(stream.some((e) => e.event === 'progress' && (e.data as { variant?: unknown }).variant === `on ${file}`)).toBe(true);
    // The first column is the run itself; the fixed smile's is what a dashboard started on it runs.
    const cagrOf = (r: typeof result, name: string) => r.summaries.find((s) => s.name === name)?.metrics.cagrFraction;
    expect(across?.runs[0]?.variants.map((v) => v.cagrFraction)).toEqual([cagrOf(result, 'alvh-ladder'), cagrOf(result, 'unhedged')]);
    const onFixedSmile = await runBacktest(await serverOn(modelConfigOption('presets/model/skew-off.json')), {});
    expect(across?.runs[3]?.variants.map((v) => v.cagrFraction)).toEqual([cagrOf(onFixedSmile.result, 'alvh-ladder'), cagrOf(onFixedSmile.result, 'unhedged')]);
    expect(onFixedSmile.result.acrossModels).toBeNull();
    // One twin, its gap by model the difference of the two columns, and its verdict sentence.
    expect(across?.twins.map((t) => [t.hedged, t.twin])).toEqual([['alvh-ladder', 'unhedged']]);
    across?.runs.forEach((run, i) => {
      const [ladder, unhedged] = run.variants;
      expect(across.twins[0]?.cagrGapByModel[i]).toBe((ladder?.cagrFraction ?? NaN) - (unhedged?.cagrFraction ?? NaN));
    });
    expect(across?.verdicts).toHaveLength(1);
    expect(across?.verdicts[0]).toMatch(/^alvh-ladder - unhedged: CAGR [+-]\d+\.\d\d to [+-]\d+\.\d\d points a year, max drawdown .*; it (trails|leads) on (all 7|\d of the 7) models/);
    // A request can only ask for the bundled files, never name one.
    const named = await server.app.inject({ method: 'POST', url: '/api/backtests', payload: { presets: ['unhedged'], from: '2018-01-02', acrossModels: ['/etc/passwd'] } });
    expect(named.statusCode).toBe(400);
  }, 300_000);

  it('alvh serve refuses a model config it cannot use before it listens, naming the file and the field', async () => {
    const r = await runCli(['serve', '--port', '0', '--model-config', 'presets/cndr.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^alvh: --model-config: presets\/cndr\.json is a strategy config \(it has [A-Za-z, ]+\), not a market model config/);
  });
});
