/**
 * Run as a child process by backtest.bench.ts: the default four-variant backtest once in a fresh
 * process, as `alvh backtest` runs it (nothing compiled yet, the tape read from the bench's cache), and
 * its CPU and wall-clock seconds after the data load and the tape read, printed as one JSON line.
 * Where Linux's /proc gives each thread's run time, the CPU is also split between the main thread (the
 * engine's own work, run interpreted until compiled) and V8's helper threads (the optimizing compiler,
 * the collector's parallel and concurrent phases).
 * Arguments: the user folder, the tape folder, the first and the last day (YYYY-MM-DD).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { countNyseTradingDays } from '../src/calendar/nyse.js';
import { loadMarketHistory } from '../src/data/loadHistory.js';
import { loadPreset } from '../src/data/presets.js';
import { runSuite } from '../src/engine/suite.js';
import { defaultTapeSettings } from '../src/tape/marketTape.js';
import { openMarketTape } from '../src/tape/tapeCache.js';
import { dayFromIso } from '../src/time/day.js';
import { DEFAULT_VARIANTS } from './backtest.bench.js';

/** Nanoseconds each thread of this process has run, by thread id (schedstat), or undefined off Linux. */
function threadRunNanos(): Map<string, number> | undefined {
  try {
    const byThread = new Map<string, number>();
    for (const tid of readdirSync('/proc/self/task')) {
      const ran = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      if (Number.isFinite(ran)) byThread.set(tid, ran);
    }
    return byThread;
  } catch {
    return undefined;
  }
}

/** CPU seconds between two readings: the main thread's (its id is the process id) and every other thread's. */
function threadSplit(before: Map<string, number>, after: Map<string, number>): { mainThreadCpuSeconds: number; helperThreadsCpuSeconds: number } {
  let main = 0;
  let helpers = 0;
  for (const [tid, ran] of after) {
    const seconds = (ran - (before.get(tid) ?? 0)) / 1e9;
    if (tid === String(process.pid)) main += seconds;
    else helpers += seconds;
  }
  return { mainThreadCpuSeconds: main, helperThreadsCpuSeconds: helpers };
}

const [userDir, cacheDir, fromIso, toIso] = process.argv.slice(2);
if (userDir === undefined || cacheDir === undefined || fromIso === undefined || toIso === undefined) throw new Error('usage: freshBacktest USER_DIR TAPE_DIR FROM TO');
const { history } = await loadMarketHistory({ userDir });
const signalDeps = { countTradingDays: countNyseTradingDays };
const opened = openMarketTape({ history, settings: defaultTapeSettings(), signalDeps, cacheDir });
const configs = DEFAULT_VARIANTS.map((name) => loadPreset(name));
const threadsStart = threadRunNanos();
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
const suite = runSuite({ history, configs, fromDay: dayFromIso(fromIso), toDay: dayFromIso(toIso), signalConfig: opened.tape.settings.signalConfig, signalDeps, marketOn: opened.tape.marketOn, signalTable: opened.tape.signalTable(dayFromIso(toIso)) });
const wallSeconds = (performance.now() - wallStart) / 1000;
const cpu = process.cpuUsage(cpuStart);
const threadsEnd = threadRunNanos();
const split = threadsStart !== undefined && threadsEnd !== undefined ? threadSplit(threadsStart, threadsEnd) : {};
process.stdout.write(`${JSON.stringify({ tape: opened.status.kind, days: suite.days.length, cpuSeconds: (cpu.user + cpu.system) / 1e6, wallSeconds, ...split })}\n`);
