import { describe, expect, it } from 'vitest';
import type { BookRisk } from '../../book/scenarios.js';
import { formatBookRisk } from './bookRisk.js';

describe('formatBookRisk', () => {
  it('writes amounts that round to zero without a minus sign', () => {
    // A hedge that loses 30 USD in a scenario is -0.03 thousand: "0.0k", where toFixed wrote "-0.0k";
    // a break-even vol shift of -0.04 points is "0.0 vol pts", not "-0.0".
    const risk: BookRisk = {
      spxClose: 2832.97,
      vixClose: 11.03,
      grid: [{ spxMoveFraction: 0, vixShiftPoints: 0, spxLevel: 2832.97, vixLevel: 11.03, condorPnlUsd: 1_530, hedgePnlUsd: -30, totalPnlUsd: 1_500 }],
      openPnlUsd: -0.3,
      breakEvenSpxLevels: [2700.4],
      breakEvenVolShiftPoints: [-0.04, 2.26],
    };
    const lines = formatBookRisk('2018-01-22', risk).split('\n');
    expect(lines[0]).toBe('Book risk on 2018-01-22: SPX 2832.97, VIX 11.03; open P&L against entry 0 USD');
    expect(lines[3]).toBe(`${'0 %'.padEnd(10)}${'1.5k (1.5k/0.0k)'.padStart(18)}`);
    expect(lines[4]).toBe('break-even SPX (VIX unchanged): 2700');
    expect(lines[5]).toBe('break-even implied-vol shift (SPX unchanged, VIX moved as much): 0.0 vol pts, +2.3 vol pts');
  });
});
