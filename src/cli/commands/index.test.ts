import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../io.js';
import { CLI_COMMANDS, registerCommands } from './index.js';

const silentIo: CliIo = { out: () => undefined, err: () => undefined, isTty: false };
const namesOf = (program: Command) => program.commands.map((command) => command.name());

describe('the CLI registers its commands lazily', () => {
  it("each entry's names are exactly the top-level commands its module registers", async () => {
    for (const entry of CLI_COMMANDS) {
      const program = new Command('alvh');
      (await entry.load())(program, silentIo);
      expect(namesOf(program), entry.names.join(', ')).toEqual(entry.names);
    }
  });

  it('registers only the named command, and every command when the name is none of them', async () => {
    const signalOnly = new Command('alvh');
    await registerCommands(signalOnly, silentIo, 'signal');
    expect(namesOf(signalOnly)).toEqual(['signal']);

    const iv = new Command('alvh');
    await registerCommands(iv, silentIo, 'iv');
    expect(namesOf(iv)).toEqual(['price', 'iv']);

    const every = CLI_COMMANDS.flatMap((entry) => entry.names);
    for (const first of [undefined, '--help', '--version', 'sginal']) {
      const all = new Command('alvh');
      await registerCommands(all, silentIo, first);
      expect(namesOf(all), String(first)).toEqual(every);
    }
  });
});
