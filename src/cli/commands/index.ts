import type { Command } from 'commander';
import type { CliIo } from '../io.js';

type RegisterCommand = (program: Command, io: CliIo) => void;

/**
 * Every command of the CLI, in the order `alvh --help` lists them: the top-level name(s) each module
 * registers, and how to import it. A run of one command imports only that command's module (and what
 * it imports): loading all of them, the validation exam and the sweep machinery with them, cost about a
 * quarter of a second of every `alvh signal` or `alvh backtest`. index.test.ts checks that each entry's
 * names are exactly the commands its module registers.
 */
export const CLI_COMMANDS: ReadonlyArray<{ readonly names: readonly string[]; readonly load: () => Promise<RegisterCommand> }> = [
  { names: ['backtest'], load: async () => (await import('./backtest.js')).registerBacktestCommand },
  { names: ['data'], load: async () => (await import('./data.js')).registerDataCommands },
  { names: ['chains'], load: async () => (await import('./chains.js')).registerChainsCommands },
  { names: ['price', 'iv'], load: async () => (await import('./pricing/index.js')).registerPricingCommands },
  {
    names: ['signals'],
    load: async () => {
      const [{ registerSignalsCommand }, { loadMarketHistory }, { countNyseTradingDays }] = await Promise.all([
        import('./signals.js'),
        import('../../data/loadHistory.js'),
        import('../../calendar/nyse.js'),
      ]);
      return (program, io) => registerSignalsCommand(program, io, async () => (await loadMarketHistory()).history, countNyseTradingDays);
    },
  },
  { names: ['signal'], load: async () => (await import('./signal.js')).registerSignalCommand },
  { names: ['book'], load: async () => (await import('./book.js')).registerBookCommands },
  { names: ['validate'], load: async () => (await import('./validate.js')).registerValidateCommand },
  { names: ['serve'], load: async () => (await import('./serve.js')).registerServeCommand },
  { names: ['sweep'], load: async () => (await import('./sweep.js')).registerSweepCommand },
  { names: ['compare-sweeps'], load: async () => (await import('./compareSweeps.js')).registerCompareSweepsCommand },
  { names: ['worker'], load: async () => (await import('./worker.js')).registerWorkerCommand },
];

/**
 * Registers the command named `commandName` (the first argument after `alvh`) alone when it is one
 * of the CLI's, and every command otherwise: for `alvh --help`, `--version`, a misspelled command
 * (commander suggests the nearest) or none.
 */
export async function registerCommands(program: Command, io: CliIo, commandName?: string): Promise<void> {
  const named = CLI_COMMANDS.find((command) => commandName !== undefined && command.names.includes(commandName));
  const registers = await Promise.all((named === undefined ? CLI_COMMANDS : [named]).map((command) => command.load()));
  for (const register of registers) register(program, io);
}
