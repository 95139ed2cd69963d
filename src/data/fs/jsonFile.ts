/**
 * Reading a JSON config file (a strategy config, a model config, chain settings, a sweep spec): one
 * place for the three ways it can fail before its schema is asked, so every kind of file says them
 * the same way. Each caller wraps the problem in its own error with the file's name.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { stripByteOrderMark } from '../../lib/configIssues.js';
import { err, ok, type Result } from '../../lib/result.js';

/** What went wrong; `message` is a phrase to follow the file's name. */
export interface JsonFileProblem {
  readonly kind: 'not-found' | 'folder' | 'not-json';
  readonly message: string;
}

/** The parsed JSON of the file (a leading byte-order mark dropped), or why there is none. */
export function readJsonFile(path: string): Result<unknown, JsonFileProblem> {
  if (!existsSync(path)) return err({ kind: 'not-found', message: 'file not found' });
  if (statSync(path).isDirectory()) return err({ kind: 'folder', message: 'a folder, not a file' });
  try {
    return ok(JSON.parse(stripByteOrderMark(readFileSync(path, 'utf8'))) as unknown);
  } catch (error) {
    return err({ kind: 'not-json', message: `not valid JSON (${(error as Error).message})` });
  }
}
