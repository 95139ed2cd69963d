/**
 * How a sweep runs its variants on this machine, for `alvh sweep` and the dashboard's sweeps alike: on
 * the calling thread, in batches stepped through the days together over the stored market tape, or on
 * worker threads that read the tape the calling thread calibrated and stored first. One place, so that
 * both read the same tape the same way (the dashboard used to calibrate every day again for each sweep
 * and run its variants one at a time, twice the CPU of the command's run of the same spec).
 */
import { countNyseTradingDays } from '../calendar/nyse.js';
import type { MarketHistory } from '../history/types.js';
import { calibrateTapeDays, defaultTapeSettings } from '../tape/marketTape.js';
import { openMarketTape, type OpenedTape, type TapeCacheStatus } from '../tape/tapeCache.js';
import { dayFromIso } from '../time/day.js';
import { inlineExecutor, type VariantExecutor } from './runSweep.js';
import { prepareVariantRunner, type VariantRunner } from './runVariant.js';
import { sweepModelConfig, type SweepSpec } from './spec.js';
import { runOnThreads } from './threadPool.js';

export interface LocalExecutorOptions {
  readonly history: MarketHistory;
  readonly spec: SweepSpec;
  /** Threads running variants: 1 runs them on the calling thread. */
  readonly workers: number;
  /** The alvh folder worker threads load the history from; undefined: the default. */
  readonly userDir: string | undefined;
  /** The market tape's folder; undefined: the market is calibrated for this sweep only. */
  readonly tapeCacheDir: string | undefined;
  /** Variants stepped through the days together (a speed setting: results do not depend on it). */
  readonly batchVariants: number;
  /** A cap on each worker thread's heap, MB (with `workers` above 1); undefined: none. */
  readonly workerHeapMb?: number | undefined;
  /** How the tape was found when it was opened (read, calibrated, rebuilt), for the user. */
  readonly onTapeStatus?: (status: TapeCacheStatus) => void;
  /** The tape could not be stored: only the next run's head start is lost. */
  readonly onTapeSaveError?: (error: Error) => void;
}

/** The executor of a sweep on this machine (see the module's comment). */
export function localSweepExecutor(o: LocalExecutorOptions): VariantExecutor {
  const signalDeps = { countTradingDays: countNyseTradingDays };
  const settings = defaultTapeSettings(sweepModelConfig(o.spec));
  const open = () => {
    const opened = openMarketTape({ history: o.history, settings, signalDeps, cacheDir: o.tapeCacheDir });
    o.onTapeStatus?.(opened.status);
    return opened;
  };
  const save = (opened: OpenedTape) => {
    try {
      opened.save();
    } catch (error) {
      o.onTapeSaveError?.(error as Error);
    }
  };
  if (o.workers > 1) {
    const { period, marketModel } = o.spec;
    return (tasks, sink) => {
      // The period's days calibrated once here and stored, so that every thread reads them from disk.
      if (o.tapeCacheDir !== undefined) {
        const opened = open();
        calibrateTapeDays(opened.tape, o.history, dayFromIso(period.from), dayFromIso(period.to));
        save(opened);
      }
      const setup = { period, userDir: o.userDir, tapeCacheDir: o.tapeCacheDir, modelConfig: marketModel };
      return runOnThreads(tasks, { threads: o.workers, setup, dataVersion: o.history.dataVersion, batchVariants: o.batchVariants, ...(o.workerHeapMb === undefined ? {} : { workerHeapMb: o.workerHeapMb }) }, sink);
    };
  }
  // One worker: this thread, on the history already loaded, reading the tape.
  let opened: OpenedTape | undefined;
  let runner: VariantRunner | undefined;
  return async (tasks, sink) => {
    opened ??= open();
    runner ??= prepareVariantRunner(o.history, o.spec.period, signalDeps, opened.tape);
    await inlineExecutor(runner, o.batchVariants)(tasks, sink);
    save(opened);
  };
}
