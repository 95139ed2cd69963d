import { describe, expect, it } from 'vitest';
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

  it('still shows a real command\'s help', async () => {
    const { code, stdout } = await runCli(['backtest', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: alvh backtest');
  });
});
