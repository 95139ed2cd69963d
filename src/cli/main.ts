import { Command, CommanderError, type Option } from 'commander';
import { processIo, UserError, type CliIo } from './io.js';
import { registerCommands } from './commands/index.js';
import { capMessage, quoteValue } from '../lib/capText.js';
import { StrategyConfigError } from '../strategy/config.js';
import { collectOption } from './chainOptions.js';

/** Exit code of an error no command turned into a user error (sysexits' EX_SOFTWARE). */
export const INTERNAL_ERROR_EXIT_CODE = 70;

/**
 * The CLI with the command `commandName` registered (the first argument after `alvh`), or with every
 * command when it names none of them (see registerCommands).
 */
export async function buildProgram(io: CliIo, commandName?: string): Promise<Command> {
  const program = new Command('alvh')
    .description('SPX iron condors with an Adaptive Layered VIX Hedge: backtests, daily signal, dashboard')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  await registerCommands(program, io, commandName);
  refuseRepeatedOptions(program, (option) => option.parseArg === collectOption);
  return program;
}

/**
 * Refuses an option that takes one value when a command line gives it twice. Commander keeps the last
 * and says nothing: `alvh backtest --preset put --preset cndr` ran `cndr` alone, and `--from 2018-01-02
 * --from 2019-01-02` the later span, where the user meant both or made a typo. Variadic options
 * (`--config <file...>`) and those `repeatable` names (a collector such as `chains import --root`) take
 * every value and are left alone; flags without a value change nothing when repeated.
 */
export function refuseRepeatedOptions(command: Command, repeatable: (option: Option) => boolean): void {
  for (const option of command.options) {
    if (option.variadic || !(option.required || option.optional) || repeatable(option)) continue;
    const given: string[] = [];
    // Commander's own listener, added with the option, has run first: the value is already set.
    command.on(`option:${option.name()}`, (value: unknown) => {
      given.push(String(value));
      if (given.length !== 2) return;
      command.error(`error: option '${option.flags}' is given more than once (${given.map((v) => quoteValue(v)).join(', then ')}): give it once${option.long === '--preset' && option.flags.includes('<names>') ? ' (several presets: comma-separated, --preset a,b)' : ''}`, {
        code: 'alvh.repeatedOption',
        exitCode: 1,
      });
    });
  }
  for (const sub of command.commands) refuseRepeatedOptions(sub, repeatable);
}

/**
 * The arguments to parse: `argv` itself, or only the command word when it names no command. Commander
 * acts on the program's own options before it looks for the command, so `alvh backtst --help` would
 * print the program's help and exit 0 where `alvh backtst` fails as an unknown command: a typo must
 * fail the same way whatever follows it.
 */
function unknownCommandAlone(program: Command, argv: readonly string[]): string[] {
  const word = argv[2];
  if (word === undefined || word.startsWith('-') || word === 'help') return [...argv];
  const known = program.commands.some((c) => c.name() === word || c.aliases().includes(word));
  return known ? [...argv] : argv.slice(0, 3);
}

/** Runs the CLI and returns the process exit code; never calls process.exit itself. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    const program = await buildProgram(io, argv[2]);
    await program.parseAsync(unknownCommandAlone(program, argv));
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode;
    }
    if (error instanceof UserError) {
      io.err(`alvh: ${capMessage(error.message)}\n`);
      return error.exitCode;
    }
    // A config that validated but cannot run (a wing wider than the short strike): one line naming the field.
    if (error instanceof StrategyConfigError) {
      io.err(`alvh: ${capMessage(`invalid strategy config ${error.source}: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`)}\n`);
      return 1;
    }
    // Anything else is a fault of alvh or of the machine (a disk error no command expected): one
    // line naming it, not a stack trace; ALVH_DEBUG=1 prints the stack for a bug report.
    const e = error as Error;
    if (process.env['ALVH_DEBUG'] === '1') io.err(`${e.stack ?? String(error)}\n`);
    const code = (error as NodeJS.ErrnoException).code;
    io.err(`alvh: ${capMessage(`${code !== undefined ? `${code}: ` : ''}${e.message ?? String(error)}`)} (unexpected; ALVH_DEBUG=1 shows where)\n`);
    return INTERNAL_ERROR_EXIT_CODE;
  }
}
