/**
 * Creating a folder and its parents without `mkdir -p`'s trap: Node's `mkdirSync(dir, { recursive:
 * true })` loops forever at 100 % CPU on a path under /proc (the kernel answers ENOENT for the parent
 * it has just been told exists). Here each level is created on its own, from the deepest existing
 * ancestor down, and any answer other than "created" or "already a folder" ends it with a
 * DirectoryError naming the path and the reason.
 */
import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export class DirectoryError extends Error {
  override name = 'DirectoryError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot create the folder ${path}: ${reason}`);
  }
}

function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ENOENT':
      return 'this file system does not allow creating it (a virtual file system such as /proc or /sys?)';
    default:
      return e.code ?? e.message;
  }
}

/** The path's levels from the root down: /a/b/c -> [/, /a, /a/b, /a/b/c]. */
function levels(dir: string): string[] {
  const out: string[] = [];
  let current = resolve(dir);
  for (;;) {
    out.unshift(current);
    const parent = dirname(current);
    if (parent === current) return out;
    current = parent;
  }
}

function checkIsFolder(path: string, isDirectory: boolean): void {
  if (!isDirectory) throw new DirectoryError(path, 'a file of that name exists and is not a folder');
}

/** Creates `dir` and any missing parents; a no-op when it is already a folder. */
export function ensureDirectorySync(dir: string): void {
  for (const level of levels(dir)) {
    try {
      checkIsFolder(level, statSync(level).isDirectory());
      continue;
    } catch (error) {
      if (error instanceof DirectoryError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw new DirectoryError(level, reasonOf(error));
      if (code !== 'ENOENT') throw new DirectoryError(level, reasonOf(error));
    }
    try {
      mkdirSync(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new DirectoryError(level, reasonOf(error));
      checkIsFolder(level, statSync(level).isDirectory());
    }
  }
}

/** The asynchronous `ensureDirectorySync`. */
export async function ensureDirectory(dir: string): Promise<void> {
  for (const level of levels(dir)) {
    try {
      checkIsFolder(level, (await stat(level)).isDirectory());
      continue;
    } catch (error) {
      if (error instanceof DirectoryError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new DirectoryError(level, reasonOf(error));
    }
    try {
      await mkdir(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new DirectoryError(level, reasonOf(error));
      checkIsFolder(level, (await stat(level)).isDirectory());
    }
  }
}
