/**
 * The market tape against the market it replaces: a backtest reads exactly the same market through it
 * (fresh, and restored from the stored content), a restored day prices bit for bit as the calibrated one,
 * and the key changes with every input the content depends on.
 */
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { realHistory } from '../../test/fixtures/realMarket.js';
import { calibrateModelDay } from '../engine/modelMarketView.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../market/config.js';
import { spxSurfaceFromState, spxSurfaceState } from '../market/spx/surface.js';
import { VixBetaConfigSchema } from '../market/vixBetas.js';
import { dayFromIso, type DayNumber } from '../time/day.js';
import { calibrateTapeDays, contentMismatch, createMarketTape, marketTapeKey, type MarketTapeContent, type MarketTapeSettings } from './marketTape.js';
import { DEFAULT_TAPE_SETTINGS, runShortBacktest as runWith, SIGNAL_DEPS } from './testing.js';

const SETTINGS = DEFAULT_TAPE_SETTINGS;

describe('market tape', () => {
  it('gives a byte-identical backtest without it, with a fresh tape and with a tape restored from its stored content', async () => {
    const history = await realHistory();
    const without = await runWith(undefined);
    const fresh = createMarketTape(history, SETTINGS, SIGNAL_DEPS);
    const withFresh = await runWith(fresh);
    expect(fresh.addedDays).toBeGreaterThan(50);
    // The content as the cache stores it (V8 serialisation), read back into a new tape.
    const stored = deserialize(serialize(fresh.content())) as MarketTapeContent;
    const restored = createMarketTape(history, SETTINGS, SIGNAL_DEPS, stored);
    const withRestored = await runWith(restored);
    expect(restored.addedDays).toBe(0);
    expect(withFresh).toBe(without);
    expect(withRestored).toBe(without);
  }, 60_000);

  it('restores a calibrated SPX surface that prices every strike and expiry bit for bit as the original', async () => {
    const history = await realHistory();
    for (const iso of ['2008-10-10', '2017-11-03', '2020-03-16']) {
      const day: DayNumber = dayFromIso(iso);
      const calibrated = calibrateModelDay(history, DEFAULT_MARKET_MODEL_CONFIG, day);
      expect(calibrated).toBeDefined();
      const original = calibrated?.spx;
      if (original === undefined) continue;
      const state = deserialize(serialize(spxSurfaceState(original))) as ReturnType<typeof spxSurfaceState>;
      const copy = spxSurfaceFromState(state, DEFAULT_MARKET_MODEL_CONFIG.spx);
      expect(copy.config).toBe(original.config);
      expect(copy.skew).toEqual(original.skew);
      expect(copy.nodes).toEqual(original.nodes);
      const spot = original.marketDay.spot;
      for (const dte of [1, 9, 30, 93, 200, 400]) {
        for (const moneyness of [0.6, 0.8, 0.95, 1, 1.05, 1.3]) {
          const strike = spot * moneyness;
          expect(copy.impliedVol(strike, day + dte)).toEqual(original.impliedVol(strike, day + dte));
          expect(copy.optionPrice('put', strike, day + dte)).toEqual(original.optionPrice('put', strike, day + dte));
        }
        expect(copy.atmTotalVariance(dte / 365)).toBe(original.atmTotalVariance(dte / 365));
      }
    }
  });

  it('carries a field the calibration adds without being told about it', async () => {
    const history = await realHistory();
    const original = calibrateModelDay(history, DEFAULT_MARKET_MODEL_CONFIG, dayFromIso('2019-05-13'))?.spx;
    if (original === undefined) throw new Error('no surface');
    const state = { ...spxSurfaceState(original), smileCurvatureSolved: 0.125 };
    const copy = spxSurfaceFromState(state, DEFAULT_MARKET_MODEL_CONFIG.spx) as unknown as Record<string, unknown>;
    expect(copy['smileCurvatureSolved']).toBe(0.125);
  });

  it('calibrates each day once and keeps days the model cannot build as such', async () => {
    const history = await realHistory();
    const tape = createMarketTape(history, SETTINGS, SIGNAL_DEPS);
    calibrateTapeDays(tape, history, dayFromIso('2021-03-01'), dayFromIso('2021-03-31'));
    const first = tape.addedDays;
    expect(first).toBe(23);
    calibrateTapeDays(tape, history, dayFromIso('2021-03-01'), dayFromIso('2021-03-31'));
    expect(tape.addedDays).toBe(first);
    expect(tape.calibratedOn(dayFromIso('2021-03-15'))).toBe(tape.calibratedOn(dayFromIso('2021-03-15')));
    // The signal table is the one the suite would compute: a prefix of the whole history's.
    expect(tape.signalTable(dayFromIso('2021-03-31')).at(-1)?.date).toBe('2021-03-31');
  });

  it('has a key that changes with the data version, every model setting, the code and nothing else', () => {
    const base = marketTapeKey('data-a', SETTINGS, 'code-1');
    expect(marketTapeKey('data-a', { ...SETTINGS }, 'code-1')).toBe(base);
    expect(marketTapeKey('data-b', SETTINGS, 'code-1')).not.toBe(base);
    expect(marketTapeKey('data-a', SETTINGS, 'code-2')).not.toBe(base);
    const otherSpx = { ...SETTINGS, modelConfig: { ...SETTINGS.modelConfig, spx: { ...SETTINGS.modelConfig.spx, skewLevelMax: SETTINGS.modelConfig.spx.skewLevelMax + 0.5 } } };
    expect(marketTapeKey('data-a', otherSpx, 'code-1')).not.toBe(base);
    const otherBetas = { ...SETTINGS, betaConfig: VixBetaConfigSchema.parse({ windowTradingDays: 120 }) };
    expect(marketTapeKey('data-a', otherBetas, 'code-1')).not.toBe(base);
    // The same settings written in another key order are the same settings.
    const reordered = { signalConfig: SETTINGS.signalConfig, betaConfig: SETTINGS.betaConfig, modelConfig: Object.fromEntries(Object.entries(SETTINGS.modelConfig).reverse()) } as unknown as MarketTapeSettings;
    expect(marketTapeKey('data-a', reordered, 'code-1')).toBe(base);
  });

  it('refuses a stored content of other settings or another history', async () => {
    const history = await realHistory();
    const tape = createMarketTape(history, SETTINGS, SIGNAL_DEPS);
    const content = tape.content();
    expect(contentMismatch(content, history, SETTINGS)).toBeUndefined();
    const otherSpx = { ...SETTINGS, modelConfig: { ...SETTINGS.modelConfig, spx: { ...SETTINGS.modelConfig.spx, skewLevelMax: 9 } } };
    expect(contentMismatch(content, history, otherSpx)).toBe('other model settings');
    expect(contentMismatch({ ...content, dataVersion: 'x' }, history, SETTINGS)).toBe('another data version');
    expect(contentMismatch({ ...content, tradingDays: content.tradingDays.slice(1) }, history, SETTINGS)).toBe('another trading-day axis');
    expect(() => createMarketTape(history, otherSpx, SIGNAL_DEPS, content)).toThrow(/other model settings/);
  });
});
