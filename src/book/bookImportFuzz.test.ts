/**
 * Issue 13, "Must show": the book's importers fuzzed with mutated real files. A positions CSV (the
 * fixture condor plus a VIX call hedge) and a fills CSV are mutated; reading and applying them either
 * succeeds or fails with the book's own typed errors (never another exception), and a book that took
 * an import holds only real trades: whole contracts within the limits, listed expiries and strikes,
 * trading days of the data, balanced uncrossed condors, finite cash.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookCsvError, readFillsCsv, readPositionsCsv } from './bookCsv.js';
import { addPositions, currentBook, type BookContext } from './bookService.js';
import { BOOK_INPUT_LIMITS, BookEditError } from './bookState.js';
import { notATradingDay, unlistedContract } from './fillChecks.js';
import { BookStore } from './store.js';
import { loadMarketHistory, packageRoot } from '../data/loadHistory.js';
import { loadPreset } from '../data/presets.js';
import type { MarketHistory } from '../history/types.js';

const RUNS = 150;
const TIME_LIMIT_MS = 30_000;
const CONDOR = readFileSync(join(packageRoot(), 'test', 'fixtures', 'book', 'condor-2018-01-19.csv'), 'utf8').trimEnd();
const POSITIONS = `${CONDOR}\n2018-01-19,hedge-1,hedge,longCall,VIX,call,20,2018-02-14,AM,25,0.60,15\n`;
const FILLS = 'position_id,price,fees_usd\ncondor-a.shortCall.5,8.42,6.6\ncondor-a.longCall.6,2.91,6.6\n';
const NASTY = ['', '-10', '10', '5.5', '0', '1e300', '0x10', 'NaN', '2702', '20.3', '2018-01-20', '2018-01-15', '2018-03-14', '2029-01-19', 'PM', 'AM', 'put', 'future', 'hedge', 'condor', '\u0000', 'g'.repeat(100), 'SPX', 'VIX', '"'];

let history: MarketHistory;
let dir: string;
beforeAll(async () => {
  history = (await loadMarketHistory()).history;
  dir = mkdtempSync(join(tmpdir(), 'alvh-book-fuzz-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const edit = fc.oneof(
  fc.record({ line: fc.nat(8), column: fc.nat(12), value: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 6 })) }),
  fc.record({ line: fc.nat(8), column: fc.constant(-1), value: fc.constantFrom('', 'dup', 'drop') }),
);

function mutate(text: string, edits: ReadonlyArray<{ line: number; column: number; value: string }>): string {
  const lines = text.trimEnd().split('\n');
  for (const e of edits) {
    const i = e.line % lines.length;
    if (e.column < 0) {
      if (e.value === 'dup') lines.splice(i, 0, lines[i] ?? '');
      else if (e.value === 'drop') lines.splice(i, 1);
      continue;
    }
    const cells = (lines[i] ?? '').split(',');
    cells[e.column % cells.length] = e.value;
    lines[i] = cells.join(',');
  }
  return lines.join('\n') + '\n';
}

function brokenInvariant(ctx: BookContext): string | undefined {
  const book = currentBook(ctx);
  if (!book) return 'no state after a successful import';
  const s = book.snapshot;
  if (!Number.isFinite(s.book.cashUsd)) return `cash ${s.book.cashUsd}`;
  for (const p of s.book.positions) {
    if (!Number.isInteger(p.quantity) || p.quantity === 0 || Math.abs(p.quantity) > BOOK_INPUT_LIMITS.maxContracts) return `${p.id}: quantity ${p.quantity}`;
    if (notATradingDay(history, p.entryDay) !== undefined) return `${p.id}: entry day`;
    if (unlistedContract({ underlying: p.underlying, type: p.type, strike: p.strike, expiryDay: p.expiryDay, settlement: p.settlement, day: p.entryDay }) !== undefined) return `${p.id}: not listed`;
  }
  for (const c of s.condors) {
    const legs = s.book.positions.filter((p) => p.group === c.group);
    if (new Set(legs.map((p) => Math.abs(p.quantity))).size > 1) return `${c.group}: unbalanced`;
    const strike = (leg: string) => legs.find((p) => p.legId === leg)?.strike;
    const [lp, sp, sc, lc] = [strike('longPut'), strike('shortPut'), strike('shortCall'), strike('longCall')];
    if (lp !== undefined && sp !== undefined && !(lp < sp)) return `${c.group}: crossed puts`;
    if (sc !== undefined && lc !== undefined && !(sc < lc)) return `${c.group}: crossed calls`;
    if (sp !== undefined && sc !== undefined && !(sp <= sc)) return `${c.group}: crossed shorts`;
  }
  return undefined;
}

describe('book importers, fuzzed with mutated real files (fast-check)', () => {
  it('positions CSV: only typed errors, and an accepted import keeps the invariants', () => {
    const config = loadPreset('alvh-ladder');
    const file = join(dir, 'positions.csv');
    const started = Date.now();
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        writeFileSync(file, mutate(POSITIONS, edits));
        const store = BookStore.open(':memory:');
        const ctx: BookContext = { store, config, history, marketOn: () => undefined, signalsOn: () => undefined };
        try {
          addPositions(ctx, readPositionsCsv(file, () => 0.66), config.initialEquityUsd, 'import');
          accepted++;
          expect(brokenInvariant(ctx)).toBeUndefined();
        } catch (error) {
          if (!(error instanceof BookCsvError || error instanceof BookEditError)) throw error;
          // A refusal names the file (and, for a row, its line).
          expect(error.message).toContain(file);
          expect(store.stateCount()).toBe(0);
        } finally {
          store.close();
        }
      }),
      { numRuns: RUNS, seed: 13 },
    );
    expect(accepted).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(TIME_LIMIT_MS);
  });

  it('fills CSV: read or refused with a BookCsvError, every price read finite', () => {
    const file = join(dir, 'fills.csv');
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        writeFileSync(file, mutate(FILLS, edits));
        try {
          for (const f of readFillsCsv(file)) {
            expect(Number.isFinite(f.pricePoints)).toBe(true);
            if (f.feesUsd !== undefined) expect(Number.isFinite(f.feesUsd)).toBe(true);
          }
        } catch (error) {
          if (!(error instanceof BookCsvError)) throw error;
          expect(error.message).toContain(file);
        }
      }),
      { numRuns: RUNS, seed: 13 },
    );
  });
});
