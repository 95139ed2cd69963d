import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryError, ensureDirectory, ensureDirectorySync } from './directories.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'alvh-dirs-'));
  dirs.push(d);
  return d;
}

describe('ensureDirectory', () => {
  it('creates missing parents and accepts an existing folder', async () => {
    const base = tempDir();
    ensureDirectorySync(join(base, 'a', 'b'));
    await ensureDirectory(join(base, 'a', 'b', 'c'));
    await ensureDirectory(join(base, 'a', 'b', 'c'));
    expect(statSync(join(base, 'a', 'b', 'c')).isDirectory()).toBe(true);
  });

  it('a path under a regular file is a DirectoryError, not ENOTDIR from deep inside (issue 13: --book /etc/passwd/book.sqlite)', async () => {
    const file = join(tempDir(), 'plain');
    writeFileSync(file, 'x');
    expect(() => ensureDirectorySync(join(file, 'sub'))).toThrow(DirectoryError);
    await expect(ensureDirectory(join(file, 'sub'))).rejects.toThrow(/not a folder|a part of the path is a file/);
  });

  it('a folder under /proc ends at once with a DirectoryError instead of spinning (issue 13: /proc/alvh-out)', async () => {
    const started = Date.now();
    expect(() => ensureDirectorySync('/proc/alvh-test-dir/x')).toThrow(DirectoryError);
    await expect(ensureDirectory('/proc/alvh-test-dir/x')).rejects.toThrow(DirectoryError);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
