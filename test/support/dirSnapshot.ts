/** Every file under a folder with its bytes (hex), for "the store is byte-for-byte unchanged" checks. */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export async function snapshotDir(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw cause;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        out[`${relative(root, path)}/`] = '';
        await walk(path);
      } else {
        out[relative(root, path)] = (await readFile(path)).toString('hex');
      }
    }
  }
  await walk(root);
  return out;
}
