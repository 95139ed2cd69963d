/**
 * Run as a child process by backtest.bench.ts: the default four-variant backtest once in a fresh
 * process, as `alvh backtest` runs it (nothing compiled yet, the tape read from the bench's cache), and
 * its CPU and wall-clock seconds after the data load and the tape read, printed as one JSON line.
 * Arguments: the user folder, the tape folder, the first and the last day (YYYY-MM-DD).
 */
import { countNyseTradingDays } from '../src/calendar/nyse.js';
import { loadMarketHistory } from '../src/data/loadHistory.js';
import { loadPreset } from '../src/data/presets.js';
import { runSuite } from '../src/engine/suite.js';
import { defaultTapeSettings } from '../src/tape/marketTape.js';
import { openMarketTape } from '../src/tape/tapeCache.js';
import { dayFromIso } from '../src/time/day.js';
import { DEFAULT_VARIANTS } from './backtest.bench.js';

const [userDir, cacheDir, fromIso, toIso] = process.argv.slice(2);
if (userDir === undefined || cacheDir === undefined || fromIso === undefined || toIso === undefined) throw new Error('usage: freshBacktest USER_DIR TAPE_DIR FROM TO');
const { history } = await loadMarketHistory({ userDir });
const signalDeps = { countTradingDays: countNyseTradingDays };
const opened = openMarketTape({ history, settings: defaultTapeSettings(), signalDeps, cacheDir });
const configs = DEFAULT_VARIANTS.map((name) => loadPreset(name));
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
const suite = runSuite({ history, configs, fromDay: dayFromIso(fromIso), toDay: dayFromIso(toIso), signalConfig: opened.tape.settings.signalConfig, signalDeps, marketOn: opened.tape.marketOn, signalTable: opened.tape.signalTable(dayFromIso(toIso)) });
const wallSeconds = (performance.now() - wallStart) / 1000;
const cpu = process.cpuUsage(cpuStart);
process.stdout.write(`${JSON.stringify({ tape: opened.status.kind, days: suite.days.length, cpuSeconds: (cpu.user + cpu.system) / 1e6, wallSeconds })}\n`);
