import { main } from './main.js';

/** Runs the CLI in-process with captured output; for tests. */
export async function runCli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'alvh', ...args], {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    isTty: false,
  });
  return { code, stdout, stderr };
}
