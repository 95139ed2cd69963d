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
});
