/**
 * Benchmark: the chain store on a large file. The file is GENERATED FROM THE MODEL (SPX surface of
 * each real trading day from 2018 on, listed SPX/SPXW expiries, 5-point strikes within ±20 % of spot,
 * bid/ask from the spread model on the 0.05 tick), in alvh's canonical layout, written to a temporary
 * folder and deleted afterwards: it measures speed only and is never a market record. Figures: import
 * rows per second (read, check, stage, merge into Parquet, go live) and the wall time to read one
 * day's chain back. `ALVH_BENCH_CHAIN_ROWS` sets the size (default 10 million rows).
 */
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listedSpxExpiries } from '../src/calendar/spxExpiries.js';
import { formatChainImportError, importChainFile, openChainStoreReader, readStoredQuotes } from '../src/chains/store.js';
import { loadMarketHistory } from '../src/data/loadHistory.js';
import { DEFAULT_MARKET_MODEL_CONFIG } from '../src/market/config.js';
import { marketDayFromHistory } from '../src/market/marketDay.js';
import { halfSpreadPoints } from '../src/market/spread/model.js';
import { buildSpxSurface } from '../src/market/spx/surface.js';
import { normCdf } from '../src/pricing/normal.js';
import { dayFromIso, isoFromDay, yearFractionAct365, type DayNumber } from '../src/time/day.js';
import type { BenchmarkEntry } from './harness.js';

export const DEFAULT_BENCH_CHAIN_ROWS = 10_000_000;
const FIRST_DAY = dayFromIso('2018-01-02');
const STRIKE_STEP_POINTS = 5;
const STRIKE_RANGE_FRACTION = 0.2;
const MAX_EXPIRIES = 25;
const MAX_DTE_DAYS = 400;
const TICK_POINTS = 0.05;
const WARM_READ_DAYS = 5;

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Writes about `rows` model-generated quotes; returns the rows written and the quote days. */
async function generateModelChainFile(path: string, rows: number, userDir: string): Promise<{ rows: number; days: DayNumber[] }> {
  const history = (await loadMarketHistory({ userDir })).history;
  const fd = openSync(path, 'w');
  const tick = (v: number) => Math.round(v / TICK_POINTS) * TICK_POINTS;
  let written = 0;
  const days: DayNumber[] = [];
  try {
    writeSync(fd, 'underlying,root,quote_date,expiration,option_type,strike,bid,ask,underlying_price,volume,settlement\n');
    for (const day of history.tradingDays) {
      if (day < FIRST_DAY) continue;
      if (written >= rows) break;
      const marketDay = marketDayFromHistory(history, day);
      if (!marketDay.ok) continue;
      const surface = buildSpxSurface(marketDay.value, DEFAULT_MARKET_MODEL_CONFIG.spx);
      const vix = history.closeOn('vix', day);
      if (!surface.ok || vix === undefined) continue;
      const spot = marketDay.value.spot;
      const quoteIso = isoFromDay(day);
      const lines: string[] = [];
      for (const expiry of listedSpxExpiries(day, day + 1, day + MAX_DTE_DAYS).slice(0, MAX_EXPIRIES)) {
        const timeYears = yearFractionAct365(day, expiry.day);
        const forward = surface.value.forward(timeYears);
        const root = expiry.settlement === 'AM' ? 'SPX' : 'SPXW';
        const expiryIso = isoFromDay(expiry.day);
        const low = Math.ceil((spot * (1 - STRIKE_RANGE_FRACTION)) / STRIKE_STEP_POINTS) * STRIKE_STEP_POINTS;
        for (let strike = low; strike <= spot * (1 + STRIKE_RANGE_FRACTION); strike += STRIKE_STEP_POINTS) {
          const vol = surface.value.impliedVol(strike, expiry.day);
          if (!vol.ok) continue;
          const sd = vol.value * Math.sqrt(timeYears);
          const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
          for (const right of ['C', 'P'] as const) {
            const price = surface.value.optionPrice(right === 'C' ? 'call' : 'put', strike, expiry.day);
            if (!price.ok) continue;
            const absDelta = right === 'C' ? normCdf(d1) : normCdf(-d1);
            const half = halfSpreadPoints(DEFAULT_MARKET_MODEL_CONFIG.spread.spx, { pricePoints: price.value, absDelta, dteDays: expiry.day - day, vixLevel: vix, impliedVolDecimal: vol.value });
            const bid = Math.max(0, tick(price.value - half));
            const ask = Math.max(bid + TICK_POINTS, tick(price.value + half));
            lines.push(`SPX,${root},${quoteIso},${expiryIso},${right},${strike},${bid.toFixed(2)},${ask.toFixed(2)},${spot},,${expiry.settlement}\n`);
          }
        }
      }
      writeSync(fd, lines.join(''));
      written += lines.length;
      days.push(day);
    }
  } finally {
    closeSync(fd);
  }
  return { rows: written, days };
}

export interface ChainBenchFigures {
  readonly rows: number;
  readonly quoteDays: number;
  readonly fileBytes: number;
  readonly generateSeconds: number;
  readonly importWallSeconds: number;
  readonly importCpuSeconds: number;
  readonly rowsPerWallSecond: number;
  readonly readDay: string;
  readonly readDayQuotes: number;
  readonly readDayColdMs: number;
  readonly readDayMs: number;
}

export async function benchChains(rows = Number(process.env['ALVH_BENCH_CHAIN_ROWS'] ?? DEFAULT_BENCH_CHAIN_ROWS)): Promise<ChainBenchFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'alvh-bench-chains-'));
  try {
    const file = join(dir, 'model_generated_spx_chain.csv');
    const generateStart = performance.now();
    const generated = await generateModelChainFile(file, rows, join(dir, 'home'));
    const generateSeconds = (performance.now() - generateStart) / 1000;
    const store = join(dir, 'home', 'chains');
    const wall = performance.now();
    const cpu = cpuSeconds();
    const imported = await importChainFile(store, file, { format: 'canonical', replace: false });
    const importCpuSeconds = cpuSeconds() - cpu;
    const importWallSeconds = (performance.now() - wall) / 1000;
    if (!imported.ok) throw new Error(formatChainImportError(imported.error));
    const day = generated.days[Math.floor(generated.days.length / 2)] as DayNumber;
    // Cold: a fresh DuckDB instance for the read, as a one-off command does.
    const coldStart = performance.now();
    const oneDay = await readStoredQuotes(store, { underlying: 'SPX', fromDay: day, toDay: day });
    const readDayColdMs = performance.now() - coldStart;
    // Warm: an open reader, as a backtest reading a day at a time does; best of a few days.
    const reader = await openChainStoreReader(store);
    let readDayMs = Number.POSITIVE_INFINITY;
    try {
      for (const d of generated.days.slice(0, WARM_READ_DAYS)) {
        const start = performance.now();
        await reader.read({ underlying: 'SPX', fromDay: d, toDay: d });
        readDayMs = Math.min(readDayMs, performance.now() - start);
      }
    } finally {
      reader.close();
    }
    return {
      rows: generated.rows,
      quoteDays: generated.days.length,
      fileBytes: statSync(file).size,
      generateSeconds,
      importWallSeconds,
      importCpuSeconds,
      rowsPerWallSecond: generated.rows / importWallSeconds,
      readDay: isoFromDay(day),
      readDayQuotes: oneDay.length,
      readDayColdMs,
      readDayMs,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const chainBenchmarks: readonly BenchmarkEntry[] = [
  {
    name: 'chain store (model-generated file, speed only)',
    run: async () => {
      const f = await benchChains();
      return {
        throughputs: [],
        notes: [
          `generated from the model, for speed only: ${f.rows} rows over ${f.quoteDays} quote days, ${(f.fileBytes / 1e6).toFixed(0)} MB canonical CSV (written in ${f.generateSeconds.toFixed(0)} s)`,
          `import: ${f.importWallSeconds.toFixed(1)} s wall clock (${f.importCpuSeconds.toFixed(1)} s CPU of this process; DuckDB threads add their own), ${(f.rowsPerWallSecond / 1e3).toFixed(0)} k rows per second`,
          `one day's chain read back (${f.readDay}, ${f.readDayQuotes} quotes): ${f.readDayColdMs.toFixed(0)} ms wall clock with a fresh DuckDB instance, ${f.readDayMs.toFixed(0)} ms on an open reader`,
        ],
      };
    },
  },
];
