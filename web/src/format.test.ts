import { describe, expect, it } from 'vitest';
import { columnLabel, flattenFields, formatContracts, formatDifference, formatField, formatHedgeRatio, formatNumber, formatPercent, formatPlain, formatUsd, formatUsdCompact, modelColumnLabel } from './format.js';

describe('display formatting', () => {
  it('shows a missing or non-finite figure as a dash, never as NaN', () => {
    expect(formatUsd(Number.NaN)).toBe('–');
    expect(formatPercent(null)).toBe('–');
    expect(formatField('x', undefined)).toBe('–');
  });

  it('signs a difference, and shows one that rounds to zero as zero, never as -0.00', () => {
    expect(formatDifference(0.05)).toBe('+0.05');
    expect(formatDifference(-0.05)).toBe('−0.05');
    expect(formatDifference(-0.004)).toBe('0.00');
    expect(formatDifference(-0.04, 1)).toBe('0.0');
    expect(formatDifference(null)).toBe('–');
  });

  it('writes a negative figure that rounds to zero without its minus sign, as the terminal does', () => {
    // A book's open P&L of -0.3 cents read "−$0.00", a drawdown of -0.00001 "-0.00 %".
    expect(formatUsd(-0.003)).toBe('$0.00');
    expect(formatUsd(-0.006)).toBe('−$0.01');
    expect(formatUsdCompact(-0.3)).toBe('$0');
    expect(formatUsdCompact(-0.5)).toBe('−$1');
    expect(formatPercent(-0.00001)).toBe('0.00 %');
    expect(formatPercent(-0.0001)).toBe('-0.01 %');
    expect(formatNumber(-0.001)).toBe('0.00');
    expect(formatPlain(-0.0001)).toBe('0.000');
    expect(formatPlain(-0.0006)).toBe('-0.001');
  });

  it('formats by the unit in the field name', () => {
    expect(formatField('hedgePnlUsd', -1234.4)).toBe('−$1,234');
    expect(formatField('maxDrawdown', 0.1234)).toBe('12.34 %');
    expect(formatField('trades', 12)).toBe('12');
    expect(formatUsd(-0.4249)).toBe('−$0.42');
  });

  it('compact dollars fit a phone\'s heat-map cell', () => {
    expect(formatUsdCompact(950)).toBe('$950');
    expect(formatUsdCompact(-999.4)).toBe('−$999');
    expect(formatUsdCompact(1234)).toBe('$1.2k');
    expect(formatUsdCompact(-12_345)).toBe('−$12k');
    expect(formatUsdCompact(999_400)).toBe('$999k');
    expect(formatUsdCompact(1_250_000)).toBe('$1.3M');
    expect(formatUsdCompact(Number.POSITIVE_INFINITY)).toBe('–');
  });

  it('flattens nested figures to dotted paths and keeps arrays whole', () => {
    expect(flattenFields({ a: 1, b: { c: 'x', d: [1, 2] } })).toEqual([
      ['a', 1],
      ['b.c', 'x'],
      ['b.d', [1, 2]],
    ]);
  });
});

describe('column labels', () => {
  it('names known figures as a trader would and spells out the rest with units', () => {
    expect(columnLabel('cagrFraction')).toBe('CAGR');
    expect(columnLabel('drawdown.maxDrawdownFraction')).toBe('max drawdown');
    expect(columnLabel('hedgePremiumPerYearUsd')).toBe('hedge premium per year (USD)');
    expect(columnLabel('condorRollsPerYear')).toBe('condor rolls per year');
    expect(columnLabel('variant')).toBe('variant');
    // The Book page's Greeks: the unit sits inside the name, and the products keep their capitals.
    expect(columnLabel('spxDeltaUsdPerPoint')).toBe('SPX delta (USD per point)');
    expect(columnLabel('spxGammaUsdPerPoint2')).toBe('SPX gamma (USD per point²)');
    expect(columnLabel('spxVegaUsdPerVolPoint')).toBe('SPX vega (USD per vol point)');
    expect(columnLabel('hedgeUsdPerVixPoint')).toBe('hedge (USD per VIX point)');
    expect(columnLabel('thetaUsdPerDay')).toBe('theta (USD per day)');
    expect(columnLabel('equityUsd')).toBe('equity (USD)');
    expect(columnLabel('futuresM2M1')).toBe('futures m2 m1');
    expect(columnLabel('metrics.sharpeRatio')).toBe('Sharpe');
    // A stress window's comparison with the unhedged twin: the parts read as parts of the difference,
    // each a share shown in percent (a difference of returns, in points).
    expect(columnLabel('againstUnhedgedTwin.differenceFraction')).toBe('vs unhedged twin');
    expect(columnLabel('againstUnhedgedTwin.hedgeContributionFraction')).toBe('of which the hedge');
    expect(formatField('againstUnhedgedTwin.condorContributionFraction', 0.0123)).toBe(formatPercent(0.0123));
    expect(columnLabel('metrics.cagrFraction')).toBe('CAGR');
    // A field named after an Object.prototype member is a field like any other.
    expect(columnLabel('constructor')).toBe('constructor');
  });
});

describe('plain figures', () => {
  it('are grouped and rounded for reading, never shown with every digit', () => {
    expect(formatField('finalEquity', 1014040.628)).toBe('1,014,040.63');
    expect(formatField('trades', 2018)).toBe('2018');
    expect(formatField('days', 12345)).toBe('12,345');
    expect(formatField('ratio', 1234.5678)).toBe('1234.57');
    expect(formatField('sharpeRatio', -0.12345)).toBe('-0.123');
  });
});

describe('contracts', () => {
  it('keep whole contracts whole and write an index replica fractional units to 4 decimals', () => {
    expect(formatContracts(-3)).toBe('-3');
    expect(formatContracts(12)).toBe('12');
    // The put preset's 2021-04-16 sale: 2.4347533332811526 puts sold.
    expect(formatContracts(-2.4347533332811526)).toBe('-2.4348');
    expect(formatContracts(Number.NaN)).toBe('–');
  });
});

describe('day numbers', () => {
  it('shows a day number field as its ISO date', () => {
    expect(formatField('drawdown.peakDay', 17611)).toBe('2018-03-21');
  });

  it("names a market model by its file's name, as the CLI's column heads do", () => {
    expect(modelColumnLabel('presets/model/skew-off.json')).toBe('skew-off.json');
    expect(modelColumnLabel('C:\\models\\mine.json')).toBe('mine.json');
    expect(modelColumnLabel('defaults')).toBe('defaults');
  });
});

describe('hedge ratios', () => {
  it('print as the decisions print them: two decimals, exponent form from 1,000, a dash for none', () => {
    expect(formatHedgeRatio(0.3857)).toBe('0.39');
    // The default run's 2013-06-27: 31.82 USD per VIX point of hedge against -1.4645e-9 of condors.
    expect(formatHedgeRatio(21726364462.650826)).toBe('2.17e+10');
    expect(formatHedgeRatio(null)).toBe('–');
    expect(formatHedgeRatio(Number.NaN)).toBe('–');
  });
});
