/**
 * Issue 13, "Must show": a property test that fuzzes every import format with mutated real files
 * (the fixtures are excerpts of Cboe, CFE, Yahoo, Stooq and FRED downloads). Whatever the mutation,
 * `prepareImport` returns a result (no exception escapes), in bounded time, and a file it accepts
 * holds only values that keep the documented invariants: sorted unique days inside [history start,
 * today], finite values inside the plausible ranges, bars whose close (and, from 2007, open) lies in
 * [low, high], SPX moves under the limit, VX settlements on their contract's calendar expiry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareImport } from './importFile.js';
import { defaultImportConfig } from './importFormats.js';
import { defaultImportChecksConfig } from './importChecks.js';
import { defaultPlausibleRanges } from '../validate/plausibleRanges.js';
import type { TradingDayCalendar } from '../validate/tradingDayCalendar.js';
import type { Dataset } from '../records.js';
import { packageRoot } from '../loadHistory.js';
import { vixExpiry } from '../../calendar/vixExpiries.js';
import { dayFromIso, ymdFromDay } from '../../time/day.js';

const FIXTURES = join(packageRoot(), 'test', 'fixtures', 'import');
const weekdays: TradingDayCalendar = { isTradingDay: (d) => ![0, 6].includes((((d + 4) % 7) + 7) % 7) };
const TODAY = dayFromIso('2026-12-03');
const FIRST_DAY = dayFromIso(defaultImportChecksConfig.firstDayIso);
/** Runs per format: enough to hit each mutation kind many times, a second or two in all. */
const RUNS_PER_FORMAT = 150;
/** A whole fuzz run of one format must end within this, milliseconds (a hang fails the test). */
const TIME_LIMIT_MS = 20_000;

function soundVvixRows(text: string): string {
  const [header, ...rows] = text.trimEnd().split('\n');
  return [header, ...rows.filter((r) => Number(r.split(',')[1]) >= defaultPlausibleRanges.vvix.minPoints)].join('\n') + '\n';
}

const FILES: ReadonlyArray<{ name: string; text: string; target?: 'vix' | 'vvix' | 'spx' | 'irx' }> = [
  { name: 'VIX_History.csv', text: readFileSync(join(FIXTURES, 'VIX_History.csv'), 'utf8') },
  // The fixture's 2006 rows are the known outliers (VVIX 15.71): the sound rows are the base to mutate.
  { name: 'VVIX_History.csv', text: soundVvixRows(readFileSync(join(FIXTURES, 'VVIX_History.csv'), 'utf8')) },
  { name: 'VX_2018-02-14.csv', text: readFileSync(join(FIXTURES, 'VX_2018-02-14.csv'), 'utf8') },
  { name: 'CFE_K07_VX.csv', text: readFileSync(join(FIXTURES, 'CFE_K07_VX.csv'), 'utf8') },
  { name: '^GSPC.csv', text: readFileSync(join(FIXTURES, '^GSPC.csv'), 'utf8') },
  { name: 'spx_d.csv', text: readFileSync(join(FIXTURES, 'spx_d.csv'), 'utf8') },
  { name: 'DTB3.csv', text: readFileSync(join(FIXTURES, 'DTB3.csv'), 'utf8') },
  { name: '^IRX.csv', text: readFileSync(join(FIXTURES, '^GSPC.csv'), 'utf8').replace(/7\d{3}\.\d+/g, '3.61'), target: 'irx' },
  { name: 'events.csv', text: 'date,event,scheduled,label\n2020-03-15,fomc,false,emergency cut\n2020-03-18,cpi,true,\n2020-04-03,nfp,true,March payrolls\n' },
  { name: 'breadth.csv', text: 'date,advancing,declining\n2020-03-16,120,2900\n2020-03-17,1800,1200\n2020-03-18,400,2600\n' },
];

/** Values a hostile or broken file puts in a field. */
const NASTY = ['', '-1', '0', '1e300', '-1e300', 'NaN', 'Infinity', '0x10', '1e-300', '16.40', '9999-12-31', '12/31/9999', '1989-12-29', '02/30/2026', '\u0000', 'x'.repeat(300), '"', '5.5', '.', 'CLOSE'];

type Mutation =
  | { kind: 'field'; line: number; column: number; value: string }
  | { kind: 'deleteChar'; at: number }
  | { kind: 'insertChar'; at: number; char: string }
  | { kind: 'duplicateLine'; line: number }
  | { kind: 'swapLines'; a: number; b: number }
  | { kind: 'dropLine'; line: number }
  | { kind: 'scale'; line: number; column: number; factor: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('field' as const), line: fc.nat(40), column: fc.nat(12), value: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 }), fc.double().map(String)) }),
  fc.record({ kind: fc.constant('deleteChar' as const), at: fc.nat(5000) }),
  fc.record({ kind: fc.constant('insertChar' as const), at: fc.nat(5000), char: fc.constantFrom(',', '\n', '.', '-', 'e', '0', '9', '/', '"', '\u0000', '\r', ' ', '\uFEFF') }),
  fc.record({ kind: fc.constant('duplicateLine' as const), line: fc.nat(40) }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(40), b: fc.nat(40) }),
  fc.record({ kind: fc.constant('dropLine' as const), line: fc.nat(40) }),
  fc.record({ kind: fc.constant('scale' as const), line: fc.nat(40), column: fc.nat(12), factor: fc.constantFrom(0.1, 10, -1, 1.3, 0.7, 100) }),
);

function apply(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const at = (n: number) => n % Math.max(1, lines.length);
  switch (m.kind) {
    case 'field': {
      const i = at(m.line);
      const cells = (lines[i] ?? '').split(',');
      cells[m.column % Math.max(1, cells.length)] = m.value;
      lines[i] = cells.join(',');
      return lines.join('\n');
    }
    case 'scale': {
      const i = at(m.line);
      const cells = (lines[i] ?? '').split(',');
      const c = m.column % Math.max(1, cells.length);
      const n = Number(cells[c]);
      if (cells[c] !== undefined && cells[c] !== '' && Number.isFinite(n)) cells[c] = String(n * m.factor);
      lines[i] = cells.join(',');
      return lines.join('\n');
    }
    case 'deleteChar': {
      const i = m.at % Math.max(1, text.length);
      return text.slice(0, i) + text.slice(i + 1);
    }
    case 'insertChar': {
      const i = m.at % Math.max(1, text.length);
      return text.slice(0, i) + m.char + text.slice(i);
    }
    case 'duplicateLine': {
      const i = at(m.line);
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 'swapLines': {
      const a = at(m.a);
      const b = at(m.b);
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      return lines.join('\n');
    }
    case 'dropLine': {
      lines.splice(at(m.line), 1);
      return lines.join('\n');
    }
  }
}

/** The invariants an accepted dataset keeps; returns the first broken one. */
function brokenInvariant(d: Dataset): string | undefined {
  const r = defaultPlausibleRanges;
  const days = d.records.map((x) => x.day);
  for (let i = 0; i < d.records.length; i++) {
    const rec = d.records[i]!;
    if (!Number.isInteger(rec.day)) return `line ${rec.line}: day ${rec.day}`;
    if (d.kind !== 'events' && rec.day > TODAY) return `line ${rec.line}: a day after today`;
    if (d.kind !== 'events' && d.kind !== 'rate' && rec.day < FIRST_DAY) return `line ${rec.line}: a day before the history`;
  }
  if (d.kind === 'index' || d.kind === 'rate' || d.kind === 'breadth') {
    for (let i = 1; i < days.length; i++) if (!(days[i]! > days[i - 1]!)) return 'days not strictly ascending';
  }
  switch (d.kind) {
    case 'index': {
      const range = r[d.name];
      for (const b of d.records) {
        for (const v of [b.open, b.high, b.low, b.close]) if (!Number.isFinite(v) || v <= 0) return `line ${b.line}: value ${v}`;
        if (b.low < range.minPoints || b.high > range.maxPoints) return `line ${b.line}: outside the plausible range`;
        if (b.close < b.low || b.close > b.high) return `line ${b.line}: close outside [low, high]`;
        if (b.day >= dayFromIso(defaultImportChecksConfig.openInRangeFromIso) && (b.open < b.low || b.open > b.high)) return `line ${b.line}: open outside [low, high]`;
        if (b.volume !== undefined && !(Number.isFinite(b.volume) && b.volume >= 0)) return `line ${b.line}: volume ${b.volume}`;
      }
      if (d.name === 'spx') {
        for (let i = 1; i < d.records.length; i++) {
          if (Math.abs(d.records[i]!.close / d.records[i - 1]!.close - 1) > defaultImportChecksConfig.spxMaxDailyMoveFraction) return 'an SPX move over the limit';
        }
      }
      return undefined;
    }
    case 'vxFutures':
      for (const v of d.records) {
        if (!(Number.isFinite(v.settle) && v.settle >= r.vxFutures.minPoints && v.settle <= r.vxFutures.maxPoints)) return `line ${v.line}: settle ${v.settle}`;
        if (!(Number.isInteger(v.volume) && v.volume >= 0 && Number.isInteger(v.openInterest) && v.openInterest >= 0)) return `line ${v.line}: volume or open interest`;
        const { year, month } = ymdFromDay(v.expiryDay);
        if (vixExpiry(year, month) !== v.expiryDay) return `line ${v.line}: expiry not the contract's`;
        if (v.expiryDay < v.day) return `line ${v.line}: traded after expiry`;
      }
      return undefined;
    case 'rate':
      for (const q of d.records) if (!(Number.isFinite(q.discountYieldPct) && q.discountYieldPct >= r.treasuryBillPct.minPct && q.discountYieldPct <= r.treasuryBillPct.maxPct)) return `line ${q.line}: rate ${q.discountYieldPct}`;
      return undefined;
    case 'events':
      return undefined;
    case 'breadth':
      for (const b of d.records) if (!(Number.isInteger(b.advancing) && b.advancing >= 0 && Number.isInteger(b.declining) && b.declining >= 0)) return `line ${b.line}: breadth`;
      return undefined;
  }
}

describe('every importer, fuzzed with mutated real files (fast-check)', () => {
  for (const file of FILES) {
    it(`${file.name}: no exception, no hang, nothing accepted that breaks an invariant`, () => {
      const baseline = prepareImport(file.text, file.name, file.target, weekdays, defaultPlausibleRanges, defaultImportConfig, { todayDay: TODAY });
      expect(baseline.ok, baseline.ok ? '' : baseline.error.message).toBe(true);
      const started = Date.now();
      let accepted = 0;
      let refused = 0;
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          const text = mutations.reduce(apply, file.text);
          const result = prepareImport(text, file.name, file.target, weekdays, defaultPlausibleRanges, defaultImportConfig, { todayDay: TODAY });
          if (!result.ok) {
            // A refusal says where: a line of the file, or the file itself.
            expect(result.error.message).toContain(file.name);
            refused++;
            return;
          }
          accepted++;
          expect(brokenInvariant(result.value.dataset)).toBeUndefined();
        }),
        { numRuns: RUNS_PER_FORMAT, seed: 13 },
      );
      expect(Date.now() - started).toBeLessThan(TIME_LIMIT_MS);
      // Both outcomes occur, so the invariants are checked on files the importer took.
      expect(accepted).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    });
  }
});
