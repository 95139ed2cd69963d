import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerBacktestCommand } from './backtest.js';
import { registerDataCommands } from './data.js';
import { registerPricingCommands } from './pricing/index.js';
import { registerSignalsCommand } from './signals.js';
import { registerSignalCommand } from './signal.js';
import { registerBookCommands } from './book.js';
import { registerValidateCommand } from './validate.js';
import { registerServeCommand } from './serve.js';
import { registerSweepCommand } from './sweep.js';
import { registerWorkerCommand } from './worker.js';
import { registerCompareSweepsCommand } from './compareSweeps.js';
import { registerChainsCommands } from './chains.js';
import { loadMarketHistory } from '../../data/loadHistory.js';
import { countNyseTradingDays } from '../../calendar/nyse.js';

/** Every command of the CLI, in the order `alvh --help` lists them. */
export function registerCommands(program: Command, io: CliIo): void {
  registerBacktestCommand(program, io);
  registerDataCommands(program, io);
  registerChainsCommands(program, io);
  registerPricingCommands(program, io);
  registerSignalsCommand(program, io, async () => (await loadMarketHistory()).history, countNyseTradingDays);
  registerSignalCommand(program, io);
  registerBookCommands(program, io);
  registerValidateCommand(program, io);
  registerServeCommand(program, io);
  registerSweepCommand(program, io);
  registerCompareSweepsCommand(program, io);
  registerWorkerCommand(program, io);
}
