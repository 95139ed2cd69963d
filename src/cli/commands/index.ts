import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerDataCommands } from './data.js';
import { registerPricingCommands } from './pricing/index.js';
import { registerValidateCommand } from './validate.js';

/** Every command of the CLI, in the order `alvh --help` lists them. */
export function registerCommands(program: Command, io: CliIo): void {
  // Commands register here as they are built (one module per command in this folder).
  registerDataCommands(program, io);
  registerPricingCommands(program, io);
  registerValidateCommand(program, io);
}
