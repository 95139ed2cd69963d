import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { collectOption } from './chainOptions.js';
import { refuseRepeatedOptions } from './main.js';
import { runCli } from './testing.js';

describe('alvh CLI', () => {
  it('lists its commands with --help', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: alvh');
  });

  it('rejects an unknown command with a non-zero exit', async () => {
    const { code, stderr } = await runCli(['no-such-command']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/^error: /);
  });

  it('rejects a misspelt command the same way when --help follows it', async () => {
    // Without the check commander printed the program's help and exited 0: a script asking
    // `alvh backtst --help` would not learn that the command does not exist.
    const { code, stdout, stderr } = await runCli(['backtst', '--help']);
    expect(code).toBe(1);
    expect(stderr).toContain("error: unknown command 'backtst'");
    expect(stderr).toContain('Did you mean backtest?');
    expect(stdout).toBe('');
  });

  it('refuses an option of one value given twice, before any work, instead of keeping the last', async () => {
    // Commander kept the last: `--preset put --preset cndr` ran cndr alone.
    const presets = await runCli(['backtest', '--preset', 'put', '--preset', 'cndr']);
    expect(presets.code).toBe(1);
    expect(presets.stderr).toContain("error: option '--preset <names>' is given more than once ('put', then 'cndr'): give it once (several presets: comma-separated, --preset a,b)");
    expect(presets.stdout).toBe('');
    const dates = await runCli(['backtest', '--from', '2018-01-02', '--from', '2019-01-02']);
    expect(dates.code).toBe(1);
    expect(dates.stderr).toContain("error: option '--from <date>' is given more than once ('2018-01-02', then '2019-01-02'): give it once\n");
    // A subcommand's options too (book is a command of commands).
    const book = await runCli(['book', 'list', '--date', '2018-01-04', '--date', '2018-01-05']);
    expect(book.code).toBe(1);
    expect(book.stderr).toContain("option '--date <date>' is given more than once");
  });

  it('leaves repeatable options alone: variadic, collected, and flags without a value', () => {
    // A program is built for each command line, as main() builds it.
    const build = () => {
      const command = new Command('t')
        .exitOverride()
        .configureOutput({ writeErr: () => undefined })
        .option('--root <root>', 'repeatable', collectOption)
        .option('--config <file...>', 'variadic')
        .option('--json', 'a flag')
        .option('--from <date>', 'one value');
      refuseRepeatedOptions(command, (option) => option.parseArg === collectOption);
      return command;
    };
    const accepted = build().parse(['--root', 'a', '--root', 'b', '--config', 'x', '--config', 'y', '--json', '--json', '--from', 'd'], { from: 'user' });
    expect(accepted.opts()).toEqual({ root: ['a', 'b'], config: ['x', 'y'], json: true, from: 'd' });
    expect(() => build().parse(['--from', 'd', '--from', 'e'], { from: 'user' })).toThrow(/'--from <date>' is given more than once \('d', then 'e'\)/);
  });

  it('still shows a real command\'s help', async () => {
    const { code, stdout } = await runCli(['backtest', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: alvh backtest');
  });
});
