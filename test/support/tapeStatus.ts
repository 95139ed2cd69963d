/**
 * `alvh backtest` says on stderr whether it read the market tape or calibrated it (one line starting
 * "market tape: "). Tests that require a clean stderr remove that line and nothing else.
 */
export function withoutTapeStatus(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !line.startsWith('market tape: '))
    .join('\n');
}
