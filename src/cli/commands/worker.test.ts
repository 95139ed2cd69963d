import { describe, expect, it } from 'vitest';
import { runCli } from '../testing.js';

describe('alvh worker', () => {
  it('needs a queue and refuses a URL it cannot use', async () => {
    expect((await runCli(['worker'])).stderr).toContain("required option '--queue <url>' not specified");
    const bad = await runCli(['worker', '--queue', 'redis://user:secret@127.0.0.1:6379']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('passwords are not supported');
    expect((await runCli(['worker', '--queue', 'redis://127.0.0.1:6379', '--concurrency', '0'])).stderr).toContain('--concurrency must be a positive whole number');
    expect((await runCli(['worker', '--queue', 'redis://127.0.0.1:6379', '--lock-ms', '10'])).stderr).toContain('--lock-ms must be a whole number of at least 500');
    // Text that is not a number is named as typed, not as the NaN it would become.
    expect((await runCli(['worker', '--queue', 'redis://127.0.0.1:6379', '--concurrency', 'two'])).stderr).toContain("--concurrency 'two': must be a finite number");
    expect((await runCli(['worker', '--queue', 'redis://127.0.0.1:6379', '--lock-ms', '5s'])).stderr).toContain("--lock-ms '5s': must be a finite number");
  });
});
