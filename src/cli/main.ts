import { Command, CommanderError } from 'commander';
import { processIo, UserError, type CliIo } from './io.js';
import { registerCommands } from './commands/index.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('alvh')
    .description('SPX iron condors with an Adaptive Layered VIX Hedge: backtests, daily signal, dashboard')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerCommands(program, io);
  return program;
}

/** Runs the CLI and returns the process exit code; never calls process.exit itself. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode;
    }
    if (error instanceof UserError) {
      io.err(`alvh: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
