/** Reading a sweep spec file (I/O), with errors that name the file and the field. */
import { existsSync, readFileSync } from 'node:fs';
import { stripByteOrderMark } from '../lib/configIssues.js';
import { parseSweepSpec, SweepSpecError, type SweepSpec } from './spec.js';

export function loadSweepSpecFile(path: string): SweepSpec {
  if (!existsSync(path)) throw new SweepSpecError(path, [{ path: '', message: 'file not found' }]);
  let raw: unknown;
  try {
    raw = JSON.parse(stripByteOrderMark(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new SweepSpecError(path, [{ path: '', message: `not valid JSON (${(error as Error).message})` }]);
  }
  return parseSweepSpec(raw, path);
}
