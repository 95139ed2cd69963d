/**
 * Every number the dashboard server decides by, with its unit in its name: one validated config, so
 * none of them hides in a route.
 */
import { z } from 'zod';
import { DEFAULT_BATCH_VARIANTS, MAX_BATCH_VARIANTS } from '../sweep/batching.js';
import { MAX_WORKER_HEAP_MB } from '../sweep/threadPool.js';

/** The dashboard's own SQLite file (its backtest runs), in the user's alvh folder. */
export const DASHBOARD_DB_FILE = 'dashboard.sqlite';

export const DashboardConfigSchema = z
  .strictObject({
    /** Longest span one `/api/signals` request may ask for, calendar days (three years). */
    signalsMaxRangeCalendarDays: z.number().int().positive().default(3 * 366),
    /** Span `/api/signals` returns when no `from` is given, calendar days before `to`. */
    signalsDefaultRangeCalendarDays: z.number().int().positive().default(365),
    /** The term-structure page compares today with the curve this many calendar days earlier. */
    curveWeekAgoCalendarDays: z.number().int().positive().default(7),
    curveMonthAgoCalendarDays: z.number().int().positive().default(30),
    /** Span of the VIX/VIX3M history on the term-structure page, calendar days (two years). */
    vixRatioHistoryCalendarDays: z.number().int().positive().default(730),
    /** Equity curves are thinned to at most this many points per variant. */
    equityMaxPoints: z.number().int().min(3).default(1500),
    /** Backtests running at once; the machine's cores are the limit. */
    maxRunningBacktests: z.number().int().positive().default(1),
    /**
     * A backtest thread whose job ended is kept this long for the next job, milliseconds: its history,
     * market tape and compiled engine stay warm, so a rerun costs the run alone (measured in
     * docs/dashboard.md), for the memory the idle thread holds.
     */
    backtestThreadIdleMs: z.number().int().nonnegative().default(10 * 60 * 1000),
    /** Finished jobs kept in memory for their results; the oldest go first. */
    keptBacktestJobs: z.number().int().positive().default(20),
    /** Finished runs kept in the dashboard's SQLite file for their permalinks; the oldest go first. */
    keptStoredRuns: z.number().int().positive().default(200),
    /** Runs listed by `GET /api/backtests`, newest first. */
    listedRuns: z.number().int().positive().max(1000).default(50),
    /** A progress event is sent every this many stepped days (and on the last). */
    progressEveryDays: z.number().int().positive().default(20),
    /** Payoff diagram: SPX levels from (1 + min) to (1 + max) times the close, fractions. */
    payoffSpxRangeFraction: z.strictObject({ min: z.number().gt(-1), max: z.number().positive() }).default({ min: -0.25, max: 0.15 }),
    /** Payoff diagram: number of SPX levels. */
    payoffSpxSteps: z.number().int().min(2).max(1000).default(81),
    /** Payoff diagram: spot VIX shifts of the "today" curves, VIX points. */
    payoffVixShiftsPoints: z.array(z.number().finite()).min(1).default([-5, 0, 10, 20, 40]),
    /**
     * Payoff diagram's date slider: P&L curves at this many dates from today to the book's last expiry
     * (both ends included, evenly spaced in calendar days, fewer when the expiry is nearer).
     */
    payoffDateSteps: z.number().int().min(2).max(400).default(31),
    /** Implied vol never goes below this when the payoff is carried to a later date, decimal. */
    payoffMinImpliedVolDecimal: z.number().positive().default(0.01),
    /** Largest broker file the Book page may send for import, bytes. */
    importBodyLimitBytes: z.number().int().positive().default(2 * 1024 * 1024),
    /** Sweeps running at once: a sweep already keeps the machine's cores busy. */
    maxRunningSweeps: z.number().int().positive().default(1),
    /** Threads a dashboard sweep runs its variants on (1 = the sweep's own worker thread). */
    sweepThreads: z.number().int().positive().default(1),
    /**
     * Variants a dashboard sweep steps through the days together (as `alvh sweep --batch`): a speed
     * setting, results do not depend on it; a cancel is seen between batches.
     */
    sweepBatchVariants: z.number().int().positive().max(MAX_BATCH_VARIANTS).default(DEFAULT_BATCH_VARIANTS),
    /** A cap on each of a dashboard sweep's variant threads' heap, MB (with `sweepThreads` above 1; as `alvh sweep --worker-heap-mb`); absent: none. */
    sweepWorkerHeapMb: z.number().int().positive().max(MAX_WORKER_HEAP_MB).optional(),
    /** Variants in a sweep's best-so-far table. */
    sweepTopVariants: z.number().int().positive().max(100).default(10),
    /** A sweep's progress is sent and stored at most this often, milliseconds. */
    sweepProgressEveryMs: z.number().int().nonnegative().default(250),
    /** A cancelled sweep that has not stopped by itself after this long is ended, milliseconds. */
    sweepCancelGraceMs: z.number().int().positive().default(30_000),
    /** Stopped sweeps kept in the dashboard's SQLite file (with their reports); the oldest go first. */
    keptStoredSweeps: z.number().int().positive().default(100),
    /** Sweeps listed by `GET /api/sweeps`, newest first. */
    listedSweeps: z.number().int().positive().max(1000).default(50),
    /** Largest sweep spec a POST may send, bytes. */
    sweepSpecBodyLimitBytes: z.number().int().positive().default(256 * 1024),
    /** Largest request body accepted, bytes. */
    bodyLimitBytes: z.number().int().positive().default(16 * 1024),
  })
  .refine((c) => c.sweepWorkerHeapMb === undefined || c.sweepThreads > 1, {
    message: 'caps the heap of variant threads: it needs sweepThreads of 2 or more',
    path: ['sweepWorkerHeapMb'],
  })
  .prefault({});

export type DashboardConfig = z.infer<typeof DashboardConfigSchema>;
