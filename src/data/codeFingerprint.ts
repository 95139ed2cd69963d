/**
 * Fingerprints of the code this process runs: SHA-256 over the names and contents of its source files
 * (the built `.js` when run from `dist`, the `.ts` when run from the sources; test files left out). A
 * stored result that depends on the code (the market tape, a journalled signal) keys on one, so a
 * changed rule or model is told apart from a run that failed to reproduce itself.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_EXTENSIONS = new Set(['.js', '.ts']);

function isSourceFile(name: string): boolean {
  return SOURCE_EXTENSIONS.has(extname(name)) && !name.endsWith('.d.ts') && !name.includes('.test.');
}

function listSources(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listSources(path));
    else if (isSourceFile(entry.name)) files.push(path);
  }
  return files;
}

/** The folder holding the code's concept folders (`src`, or `dist/src` in a build). */
export function codeRoot(): string {
  return dirname(dirname(fileURLToPath(import.meta.url)));
}

/**
 * SHA-256 (hex) of the source files in `folders` (recursively) and the single `files` (paths without
 * an extension, relative to the code root), in a fixed order; a file that is missing is left out.
 */
export function codeFingerprint(folders: readonly string[], files: readonly string[] = [], root = codeRoot()): string {
  const hash = createHash('sha256');
  const paths = [...folders.flatMap((folder) => listSources(join(root, folder))), ...files.flatMap((file) => [...SOURCE_EXTENSIONS].map((ext) => join(root, `${file}${ext}`)))];
  for (const path of paths) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      continue;
    }
    hash.update(path.slice(root.length)).update('\0').update(bytes).update('\0');
  }
  return hash.digest('hex');
}

/** Fingerprints of whole code trees, by root: each tree is read once per process. */
const wholeCode = new Map<string, string>();

/**
 * The fingerprint of every source file of the code (once per process): what a journalled signal or a
 * stored sweep result was computed with. `root` names another tree of the same layout (a test that
 * drives worker processes of the build fingerprints the build's `dist/src`).
 */
export function wholeCodeFingerprint(root = codeRoot()): string {
  let fingerprint = wholeCode.get(root);
  if (fingerprint === undefined) {
    const folders = readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    fingerprint = codeFingerprint(folders, [], root);
    wholeCode.set(root, fingerprint);
  }
  return fingerprint;
}
