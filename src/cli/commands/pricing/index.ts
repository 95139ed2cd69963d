import type { Command } from 'commander';
import type { CliIo } from '../../io.js';
import { registerImpliedVolCommand } from './iv.js';
import { registerPriceCommand } from './price.js';

/** `alvh price` and `alvh iv`. */
export function registerPricingCommands(program: Command, io: CliIo): void {
  registerPriceCommand(program, io);
  registerImpliedVolCommand(program, io);
}
